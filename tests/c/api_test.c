/*
 * The C API test: calls every exported function, including every error path a caller can
 * reach, and (with --dump) prints every span of the given pages so that tests/ffi.rs can
 * compare the C view with the Rust API.
 *
 * Built by tests/ffi.rs with -std=c99 -Wall -Wextra -Werror -pedantic against the static and
 * the shared library, and by tests/c/sanitize.sh under ASan/UBSan and valgrind.
 *
 * usage: api_test                       run the checks
 *        api_test --dump [--encoding LABEL] FILE...   print every span of each page
 *
 * NEWSPAN_PANIC cannot be reached from C (it needs a bug in newspan); the panic boundary is
 * tested in Rust (src/ffi/boundary.rs).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newspan.h"

static int checks = 0;
static int failures = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        checks++;                                                                    \
        if (!(cond)) {                                                               \
            failures++;                                                              \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

#define CHECK_STATUS(call, expected)                                                          \
    do {                                                                                      \
        newspan_status got_ = (call);                                                         \
        checks++;                                                                             \
        if (got_ != (expected)) {                                                             \
            failures++;                                                                       \
            fprintf(stderr, "%s:%d: %s returned %u (%s), expected %s\n", __FILE__, __LINE__, \
                    #call, (unsigned)got_, newspan_status_str(got_), #expected);              \
        }                                                                                     \
    } while (0)

/* 今晨上海的动与静 / 本报记者 王小明 / 晨报上海4月1日讯 今天凌晨，外滩 / 的钟声敲响。 (UTF-8) */
static const char PAGE[] =
    "\xe4\xbb\x8a\xe6\x99\xa8\xe4\xb8\x8a\xe6\xb5\xb7\xe7\x9a\x84\xe5\x8a\xa8\xe4\xb8\x8e\xe9"
    "\x9d\x99\n\n"
    "\xe6\x9c\xac\xe6\x8a\xa5\xe8\xae\xb0\xe8\x80\x85 \xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\n\n"
    "\xe6\x99\xa8\xe6\x8a\xa5\xe4\xb8\x8a\xe6\xb5\xb7" "4" "\xe6\x9c\x88" "1" "\xe6\x97\xa5\xe8"
    "\xae\xaf \xe4\xbb\x8a\xe5\xa4\xa9\xe5\x87\x8c\xe6\x99\xa8\xef\xbc\x8c\xe5\xa4\x96\xe6\xbb"
    "\xa9\n\n"
    "\xe7\x9a\x84\xe9\x92\x9f\xe5\xa3\xb0\xe6\x95\xb2\xe5\x93\x8d\xe3\x80\x82\n";

/* The same page in GBK. */
static const char PAGE_GBK[] =
    "\xbd\xf1\xb3\xbf\xc9\xcf\xba\xa3\xb5\xc4\xb6\xaf\xd3\xeb\xbe\xb2\x0a\x0a\xb1\xbe\xb1\xa8"
    "\xbc\xc7\xd5\xdf\x20\xcd\xf5\xd0\xa1\xc3\xf7\x0a\x0a\xb3\xbf\xb1\xa8\xc9\xcf\xba\xa3\x34"
    "\xd4\xc2\x31\xc8\xd5\xd1\xb6\x20\xbd\xf1\xcc\xec\xc1\xe8\xb3\xbf\xa3\xac\xcd\xe2\xcc\xb2"
    "\x0a\x0a\xb5\xc4\xd6\xd3\xc9\xf9\xc7\xc3\xcf\xec\xa1\xa3\x0a";

#define TITLE "\xe4\xbb\x8a\xe6\x99\xa8\xe4\xb8\x8a\xe6\xb5\xb7\xe7\x9a\x84\xe5\x8a\xa8\xe4\xb8\x8e\xe9\x9d\x99"
#define NAME "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e"
#define SOURCE "\xe6\x99\xa8\xe6\x8a\xa5"
#define JOINED                                                                                 \
    "\xe4\xbb\x8a\xe5\xa4\xa9\xe5\x87\x8c\xe6\x99\xa8\xef\xbc\x8c\xe5\xa4\x96\xe6\xbb\xa9\xe7\x9a" \
    "\x84\xe9\x92\x9f\xe5\xa3\xb0\xe6\x95\xb2\xe5\x93\x8d\xe3\x80\x82"

/* A page with a malformed UTF-8 byte. */
static const char BAD[] = "abc\xff def\n";

/* The text of span `index`, NUL-terminated, in a malloc'ed buffer the caller frees. */
static char *span_text(const newspan_document *doc, const uint8_t *data, size_t len, size_t index,
                       size_t *text_len) {
    size_t needed = 0;
    char *buf;
    if (newspan_document_span_text(doc, data, len, index, NULL, 0, &needed) !=
        NEWSPAN_BUFFER_TOO_SMALL)
        return NULL;
    buf = malloc(needed);
    if (buf == NULL)
        return NULL;
    if (newspan_document_span_text(doc, data, len, index, buf, needed, &needed) != NEWSPAN_OK) {
        free(buf);
        return NULL;
    }
    if (text_len != NULL)
        *text_len = needed - 1;
    return buf;
}

/* The joined text of paragraph span `index`, as span_text(). */
static char *paragraph_text(const newspan_document *doc, const uint8_t *data, size_t len,
                            size_t index, size_t *text_len) {
    size_t needed = 0;
    char *buf;
    if (newspan_document_paragraph_text(doc, data, len, index, NULL, 0, &needed) !=
        NEWSPAN_BUFFER_TOO_SMALL)
        return NULL;
    buf = malloc(needed);
    if (buf == NULL)
        return NULL;
    if (newspan_document_paragraph_text(doc, data, len, index, buf, needed, &needed) !=
        NEWSPAN_OK) {
        free(buf);
        return NULL;
    }
    if (text_len != NULL)
        *text_len = needed - 1;
    return buf;
}

/* The index of the first span of `kind`, or SIZE_MAX. */
static size_t find_kind(const newspan_document *doc, uint32_t kind) {
    size_t i, n = newspan_document_span_count(doc);
    newspan_span s;
    for (i = 0; i < n; i++)
        if (newspan_document_span(doc, i, &s) == NEWSPAN_OK && s.kind == kind)
            return i;
    return SIZE_MAX;
}

static int text_is(const newspan_document *doc, const char *data, size_t len, size_t index,
                   const char *expected) {
    char *t = span_text(doc, (const uint8_t *)data, len, index, NULL);
    int ok = t != NULL && strcmp(t, expected) == 0;
    free(t);
    return ok;
}

static void test_version(void) {
    CHECK(newspan_abi_version() == NEWSPAN_ABI_VERSION);
    CHECK(newspan_abi_min_compatible() == NEWSPAN_ABI_MIN_COMPATIBLE);
    CHECK(NEWSPAN_ABI_MIN_COMPATIBLE <= NEWSPAN_ABI_VERSION);
    CHECK(strcmp(newspan_version(), NEWSPAN_VERSION) == 0);
    /* The range: every ABI from the minimum to the current one, nothing outside. */
    CHECK(newspan_abi_is_compatible(NEWSPAN_ABI_VERSION));
    CHECK(newspan_abi_is_compatible(NEWSPAN_ABI_MIN_COMPATIBLE));
    CHECK(!newspan_abi_is_compatible(NEWSPAN_ABI_VERSION + 1));
    CHECK(!newspan_abi_is_compatible(NEWSPAN_ABI_MIN_COMPATIBLE - 1));
    CHECK(!newspan_abi_is_compatible(UINT32_MAX));
}

/* The last error's message, in a fresh heap buffer of exactly the size needed. */
static char *last_error(void) {
    size_t needed = 0;
    char *buf;
    if (newspan_last_error_message(NULL, 0, &needed) != NEWSPAN_BUFFER_TOO_SMALL || needed == 0)
        return NULL;
    buf = malloc(needed);
    if (buf != NULL && newspan_last_error_message(buf, needed, &needed) != NEWSPAN_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int last_error_contains(const char *part) {
    char *message = last_error();
    int found = message != NULL && strstr(message, part) != NULL;
    if (!found)
        fprintf(stderr, "api_test: last error \"%s\" lacks \"%s\"\n", message ? message : "(none)", part);
    free(message);
    return found;
}

static void test_last_error(void) {
    newspan_options *opts = NULL;
    newspan_document *doc = NULL;
    uint64_t value = 12345;
    size_t needed = 0;
    char small[4];
    static const char bad_gbk[] = "ab\x81" " cd\n"; /* 0x81 then a space: malformed at byte 2 */

    CHECK_STATUS(newspan_last_error_message(NULL, 0, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK(!newspan_last_error_value(NEWSPAN_ERROR_OFFSET, NULL));
    CHECK_STATUS(newspan_options_new(&opts), NEWSPAN_OK);

    /* An unknown label: the label is in the message. */
    CHECK_STATUS(newspan_options_set_encoding(opts, "klingon"), NEWSPAN_UNKNOWN_ENCODING);
    CHECK(last_error_contains("klingon"));
    CHECK(!newspan_last_error_value(NEWSPAN_ERROR_OFFSET, &value) && value == 12345);

    /* Strict mode: the byte offset of the malformed sequence. */
    CHECK_STATUS(newspan_options_set_encoding(opts, "gbk"), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_strict(opts, true), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse((const uint8_t *)bad_gbk, sizeof bad_gbk - 1, opts, &doc),
                 NEWSPAN_MALFORMED_INPUT);
    CHECK(last_error_contains("at byte 2"));
    CHECK(newspan_last_error_value(NEWSPAN_ERROR_OFFSET, &value) && value == 2);
    CHECK(!newspan_last_error_value(NEWSPAN_ERROR_LIMIT, &value) && value == 2);
    /* Reading the last error does not replace it, even when the read fails. */
    CHECK_STATUS(newspan_last_error_message(small, sizeof small, &needed), NEWSPAN_BUFFER_TOO_SMALL);
    CHECK(needed > sizeof small);
    CHECK(last_error_contains("at byte 2"));
    CHECK_STATUS(newspan_options_set_strict(opts, false), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_encoding(opts, NULL), NEWSPAN_OK);
    /* A success leaves it alone too. */
    CHECK(last_error_contains("at byte 2"));

    /* Limits: the numbers. */
    CHECK_STATUS(newspan_options_set_max_input_len(opts, 8), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse((const uint8_t *)PAGE, sizeof PAGE - 1, opts, &doc),
                 NEWSPAN_INPUT_TOO_LARGE);
    CHECK(newspan_last_error_value(NEWSPAN_ERROR_LIMIT, &value) && value == 8);
    CHECK(newspan_last_error_value(NEWSPAN_ERROR_INPUT_LEN, &value) && value == sizeof PAGE - 1);
    CHECK(last_error_contains("exceeds the limit of 8 bytes"));
    CHECK(!newspan_last_error_value(999, &value));
    CHECK_STATUS(newspan_options_set_max_input_len(opts, sizeof PAGE), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_max_spans(opts, 2), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse((const uint8_t *)PAGE, sizeof PAGE - 1, opts, &doc),
                 NEWSPAN_TOO_MANY_SPANS);
    CHECK(newspan_last_error_value(NEWSPAN_ERROR_LIMIT, &value) && value == 2);
    CHECK(!newspan_last_error_value(NEWSPAN_ERROR_INPUT_LEN, &value));

    /* Any other failure: its status's description. */
    CHECK_STATUS(newspan_options_new(NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK(last_error_contains(newspan_status_str(NEWSPAN_NULL_ARGUMENT)));
    CHECK(!newspan_last_error_value(NEWSPAN_ERROR_LIMIT, &value));
    newspan_options_free(opts);
}

static void test_names(void) {
    uint32_t i;
    CHECK(strcmp(newspan_status_str(NEWSPAN_OK), "ok") == 0);
    for (i = NEWSPAN_OK; i <= NEWSPAN_PANIC; i++) {
        CHECK(newspan_status_str(i) != NULL);
        CHECK(strlen(newspan_status_str(i)) > 0);
        CHECK(strcmp(newspan_status_str(i), "unknown status") != 0);
    }
    CHECK(strcmp(newspan_status_str(999), "unknown status") == 0);
    CHECK(strcmp(newspan_status_str(UINT32_MAX), "unknown status") == 0);

    CHECK(strcmp(newspan_kind_name(NEWSPAN_KIND_KICKER), "kicker") == 0);
    CHECK(strcmp(newspan_kind_name(NEWSPAN_KIND_BYLINE_NAME), "byline_name") == 0);
    CHECK(strcmp(newspan_kind_name(NEWSPAN_KIND_UNASSIGNED), "unassigned") == 0);
    for (i = NEWSPAN_KIND_KICKER; i <= NEWSPAN_KIND_UNASSIGNED; i++)
        CHECK(strcmp(newspan_kind_name(i), "unknown") != 0);
    CHECK(strcmp(newspan_kind_name(NEWSPAN_KIND_UNASSIGNED + 1), "unknown") == 0);
    CHECK(strcmp(newspan_kind_name(UINT32_MAX), "unknown") == 0);

    CHECK(newspan_kind_is_leaf(NEWSPAN_KIND_TITLE));
    CHECK(newspan_kind_is_leaf(NEWSPAN_KIND_FRAGMENT));
    CHECK(!newspan_kind_is_leaf(NEWSPAN_KIND_PARAGRAPH));
    CHECK(!newspan_kind_is_leaf(NEWSPAN_KIND_BYLINE_NAME));
    CHECK(!newspan_kind_is_leaf(NEWSPAN_KIND_JUMP_PAGE));
    CHECK(!newspan_kind_is_leaf(12345));

    CHECK(strcmp(newspan_role_name(NEWSPAN_ROLE_REPORTER), "reporter") == 0);
    CHECK(strcmp(newspan_role_name(NEWSPAN_ROLE_OTHER), "other") == 0);
    CHECK(strcmp(newspan_role_name(NEWSPAN_ROLE_OTHER + 1), "unknown") == 0);
    CHECK(strcmp(newspan_direction_name(NEWSPAN_DIRECTION_TO), "to") == 0);
    CHECK(strcmp(newspan_direction_name(NEWSPAN_DIRECTION_FROM), "from") == 0);
    CHECK(strcmp(newspan_direction_name(2), "unknown") == 0);
    CHECK(strcmp(newspan_layout_name(NEWSPAN_LAYOUT_AUTO), "auto") == 0);
    CHECK(strcmp(newspan_layout_name(NEWSPAN_LAYOUT_VERTICAL), "vertical") == 0);
    CHECK(strcmp(newspan_layout_name(NEWSPAN_LAYOUT_VERTICAL + 1), "unknown") == 0);
}

static void test_options(void) {
    newspan_options *opts = NULL;

    CHECK_STATUS(newspan_options_new(NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_new(&opts), NEWSPAN_OK);
    CHECK(opts != NULL);

    CHECK_STATUS(newspan_options_set_encoding(NULL, "gbk"), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_encoding(opts, "no-such-encoding"), NEWSPAN_UNKNOWN_ENCODING);
    CHECK_STATUS(newspan_options_set_encoding(opts, "\xff\xfe"), NEWSPAN_UNKNOWN_ENCODING);
    CHECK_STATUS(newspan_options_set_encoding(opts, "iso-2022-kr"), NEWSPAN_UNSUPPORTED_ENCODING);
    CHECK_STATUS(newspan_options_set_encoding(opts, " GBK "), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_encoding(opts, NULL), NEWSPAN_OK);

    CHECK_STATUS(newspan_options_set_strict(NULL, true), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_strict(opts, true), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_strict(opts, false), NEWSPAN_OK);

    CHECK_STATUS(newspan_options_set_layout(NULL, NEWSPAN_LAYOUT_WRAPPED), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_layout(opts, 4), NEWSPAN_INVALID_ARGUMENT);
    CHECK_STATUS(newspan_options_set_layout(opts, UINT32_MAX), NEWSPAN_INVALID_ARGUMENT);
    CHECK_STATUS(newspan_options_set_layout(opts, NEWSPAN_LAYOUT_WRAPPED), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_layout(opts, NEWSPAN_LAYOUT_AUTO), NEWSPAN_OK);

    CHECK_STATUS(newspan_options_set_max_input_len(NULL, 10), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_max_input_len(opts, 10), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_max_spans(NULL, 10), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_max_spans(opts, 10), NEWSPAN_OK);

    newspan_options_free(opts);
    newspan_options_free(NULL);
}

static void test_model_and_confidence(void) {
    newspan_options *opts = NULL;
    newspan_document *doc = NULL;
    static const uint8_t not_a_model[] = "NEWSPANM but nothing after";
    size_t i, n;
    float c = -1.0f;

    CHECK_STATUS(newspan_options_new(&opts), NEWSPAN_OK);
    /* A buffer that is not a model file: refused, with the reason, options unchanged. */
    CHECK_STATUS(newspan_options_set_model(NULL, not_a_model, sizeof not_a_model), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_model(opts, NULL, 5), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_model(opts, NULL, 0), NEWSPAN_BAD_MODEL);
    CHECK_STATUS(newspan_options_set_model(opts, not_a_model, sizeof not_a_model), NEWSPAN_BAD_MODEL);
    CHECK(last_error_contains("model"));
    CHECK(strcmp(newspan_status_str(NEWSPAN_BAD_MODEL), "not a usable newspan model") == 0);

    /* Without confidences (the default) a span has none. */
    CHECK_STATUS(newspan_parse((const uint8_t *)PAGE, sizeof PAGE - 1, opts, &doc), NEWSPAN_OK);
    CHECK(newspan_document_span_count(doc) > 0);
    CHECK(!newspan_document_span_confidence(doc, 0, &c));
    CHECK(c == -1.0f);
    newspan_document_free(doc);

    /* With them, every span has one in [0, 1]; none past the last span or with NULL out. */
    CHECK_STATUS(newspan_options_set_confidence(NULL, true), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_confidence(opts, true), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse((const uint8_t *)PAGE, sizeof PAGE - 1, opts, &doc), NEWSPAN_OK);
    n = newspan_document_span_count(doc);
    CHECK(n > 0);
    for (i = 0; i < n; i++) {
        c = -1.0f;
        CHECK(newspan_document_span_confidence(doc, i, &c));
        CHECK(c >= 0.0f && c <= 1.0f);
    }
    CHECK(!newspan_document_span_confidence(doc, n, &c));
    CHECK(!newspan_document_span_confidence(doc, 0, NULL));
    CHECK(!newspan_document_span_confidence(NULL, 0, &c));
    newspan_document_free(doc);
    newspan_options_free(opts);
}

static void test_parse_errors(void) {
    newspan_options *opts = NULL;
    newspan_document *doc = NULL;
    newspan_document *const sentinel = (newspan_document *)&doc;
    size_t len = sizeof PAGE - 1;

    CHECK_STATUS(newspan_parse((const uint8_t *)PAGE, len, NULL, NULL), NEWSPAN_NULL_ARGUMENT);
    doc = sentinel;
    CHECK_STATUS(newspan_parse(NULL, 5, NULL, &doc), NEWSPAN_NULL_ARGUMENT);
    CHECK(doc == sentinel); /* out-parameters are written only on success */
    CHECK_STATUS(newspan_parse((const uint8_t *)PAGE, SIZE_MAX, NULL, &doc),
                 NEWSPAN_INVALID_ARGUMENT);
    CHECK(doc == sentinel);

    CHECK_STATUS(newspan_options_new(&opts), NEWSPAN_OK);

    /* Strict mode: a malformed byte fails the parse. */
    CHECK_STATUS(newspan_options_set_encoding(opts, "utf-8"), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_strict(opts, true), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse((const uint8_t *)BAD, sizeof BAD - 1, opts, &doc),
                 NEWSPAN_MALFORMED_INPUT);
    CHECK(doc == sentinel);
    CHECK_STATUS(newspan_options_set_strict(opts, false), NEWSPAN_OK);

    /* Limits. */
    CHECK_STATUS(newspan_options_set_max_input_len(opts, 8), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse((const uint8_t *)PAGE, len, opts, &doc), NEWSPAN_INPUT_TOO_LARGE);
    CHECK(doc == sentinel);
    CHECK_STATUS(newspan_options_set_max_input_len(opts, len), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_max_spans(opts, 1), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse((const uint8_t *)PAGE, len, opts, &doc), NEWSPAN_TOO_MANY_SPANS);
    CHECK(doc == sentinel);

    newspan_options_free(opts);
}

static void test_empty(void) {
    newspan_document *doc = NULL;
    size_t offset = 0;
    static const uint8_t some[1] = {0};

    CHECK_STATUS(newspan_parse(NULL, 0, NULL, &doc), NEWSPAN_OK);
    CHECK(doc != NULL);
    CHECK(newspan_document_span_count(doc) == 0);
    CHECK(newspan_document_article_count(doc) == 0);
    CHECK(newspan_document_input_len(doc) == 0);
    CHECK(newspan_document_input_is_utf8(doc));
    CHECK(!newspan_document_had_decode_errors(doc));
    CHECK(newspan_document_decode_error_count(doc) == 0);
    CHECK(!newspan_document_first_decode_error(doc, &offset));
    CHECK(strlen(newspan_document_encoding(doc)) > 0);
    newspan_document_free(doc);

    /* Any pointer with length 0 is the empty page too. */
    doc = NULL;
    CHECK_STATUS(newspan_parse(some, 0, NULL, &doc), NEWSPAN_OK);
    CHECK(doc != NULL && newspan_document_span_count(doc) == 0);
    newspan_document_free(doc);
}

static void test_null_document(void) {
    newspan_span span;
    newspan_article article;
    const newspan_span *spans = NULL;
    size_t count = 0, needed = 0;
    char buf[8];

    CHECK(strcmp(newspan_document_encoding(NULL), "") == 0);
    CHECK(newspan_document_layout(NULL) == NEWSPAN_LAYOUT_AUTO);
    CHECK(newspan_document_input_len(NULL) == 0);
    CHECK(!newspan_document_input_is_utf8(NULL));
    CHECK(!newspan_document_had_decode_errors(NULL));
    CHECK(newspan_document_decode_error_count(NULL) == 0);
    CHECK(!newspan_document_first_decode_error(NULL, &count));
    CHECK(newspan_document_span_count(NULL) == 0);
    CHECK(newspan_document_article_count(NULL) == 0);
    CHECK_STATUS(newspan_document_span(NULL, 0, &span), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_spans(NULL, &spans, &count), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_article(NULL, 0, &article), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(NULL, NULL, 0, 0, buf, sizeof buf, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_paragraph_text(NULL, NULL, 0, 0, buf, sizeof buf, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    newspan_document_free(NULL);
}

static void test_document(void) {
    const uint8_t *data = (const uint8_t *)PAGE;
    size_t len = sizeof PAGE - 1;
    newspan_document *doc = NULL;
    newspan_span span, unchanged;
    newspan_article article;
    const newspan_span *spans = NULL;
    size_t count = 0, i, n, needed = 0, title, byline, name, dateline, para, frag;
    char buf[256];
    char *text;

    CHECK_STATUS(newspan_parse(data, len, NULL, &doc), NEWSPAN_OK);
    if (doc == NULL)
        return;
    CHECK(strcmp(newspan_document_encoding(doc), "UTF-8") == 0);
    CHECK(newspan_document_layout(doc) == NEWSPAN_LAYOUT_PARAGRAPHS);
    CHECK(newspan_document_input_len(doc) == len);
    CHECK(newspan_document_input_is_utf8(doc));
    CHECK(!newspan_document_had_decode_errors(doc));

    /* Articles. */
    CHECK(newspan_document_article_count(doc) == 1);
    CHECK_STATUS(newspan_document_article(doc, 0, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_article(doc, 1, &article), NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_document_article(doc, SIZE_MAX, &article), NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_document_article(doc, 0, &article), NEWSPAN_OK);
    CHECK(article.start == 0 && article.end == len - 1);
    CHECK(article.first_span == 0);
    n = newspan_document_span_count(doc);
    CHECK(article.span_count == n);
    {
        /* One article set in one piece: one extent, its whole range. */
        const newspan_extent *extents = NULL;
        size_t extent_count = 0;
        CHECK_STATUS(newspan_document_article_extents(doc, 1, &extents, &extent_count),
                     NEWSPAN_OUT_OF_RANGE);
        CHECK_STATUS(newspan_document_article_extents(doc, 0, NULL, &extent_count),
                     NEWSPAN_NULL_ARGUMENT);
        CHECK_STATUS(newspan_document_article_extents(doc, 0, &extents, NULL),
                     NEWSPAN_NULL_ARGUMENT);
        CHECK_STATUS(newspan_document_article_extents(NULL, 0, &extents, &extent_count),
                     NEWSPAN_NULL_ARGUMENT);
        CHECK_STATUS(newspan_document_article_extents(doc, 0, &extents, &extent_count),
                     NEWSPAN_OK);
        CHECK(extent_count == 1 && extents[0].start == article.start &&
              extents[0].end == article.end);
    }

    /* The span table, by index and borrowed whole. */
    CHECK_STATUS(newspan_document_spans(doc, NULL, &count), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_spans(doc, &spans, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_spans(doc, &spans, &count), NEWSPAN_OK);
    CHECK(count == n && spans != NULL);
    CHECK_STATUS(newspan_document_span(doc, 0, NULL), NEWSPAN_NULL_ARGUMENT);
    memset(&unchanged, 0xab, sizeof unchanged);
    span = unchanged;
    CHECK_STATUS(newspan_document_span(doc, n, &span), NEWSPAN_OUT_OF_RANGE);
    CHECK(memcmp(&span, &unchanged, sizeof span) == 0);
    for (i = 0; i < n; i++) {
        CHECK_STATUS(newspan_document_span(doc, i, &span), NEWSPAN_OK);
        CHECK(memcmp(&span, &spans[i], sizeof span) == 0);
        CHECK(span.start <= span.end && span.end <= len);
        CHECK(span.article == 0);
        CHECK(span.parent == NEWSPAN_NONE || span.parent < i);
    }

    /* title, byline with its name, dateline with its parts, a paragraph of two fragments. */
    title = find_kind(doc, NEWSPAN_KIND_TITLE);
    byline = find_kind(doc, NEWSPAN_KIND_BYLINE);
    name = find_kind(doc, NEWSPAN_KIND_BYLINE_NAME);
    dateline = find_kind(doc, NEWSPAN_KIND_DATELINE);
    para = find_kind(doc, NEWSPAN_KIND_PARAGRAPH);
    frag = find_kind(doc, NEWSPAN_KIND_FRAGMENT);
    CHECK(title != SIZE_MAX && byline != SIZE_MAX && name != SIZE_MAX);
    CHECK(dateline != SIZE_MAX && para != SIZE_MAX && frag != SIZE_MAX);
    if (title == SIZE_MAX || byline == SIZE_MAX || name == SIZE_MAX || dateline == SIZE_MAX ||
        para == SIZE_MAX || frag == SIZE_MAX) {
        newspan_document_free(doc);
        return;
    }
    CHECK(text_is(doc, PAGE, len, title, TITLE));
    CHECK(spans[title].parent == NEWSPAN_NONE);
    CHECK(memcmp(data + spans[title].start, TITLE, strlen(TITLE)) == 0);
    CHECK(spans[byline].attr == NEWSPAN_ROLE_REPORTER);
    CHECK(spans[name].parent == byline);
    CHECK(text_is(doc, PAGE, len, name, NAME));
    CHECK(spans[dateline + 1].parent == dateline);
    CHECK(spans[dateline + 1].kind == NEWSPAN_KIND_DATELINE_SOURCE);
    CHECK(text_is(doc, PAGE, len, dateline + 1, SOURCE));
    CHECK(spans[frag].parent == para);
    CHECK(spans[frag].attr == 0);
    CHECK(spans[frag + 1].parent == para && spans[frag + 1].kind == NEWSPAN_KIND_FRAGMENT);

    /* Span text: every error path, then the size query. */
    CHECK_STATUS(newspan_document_span_text(doc, data, len, title, buf, sizeof buf, NULL),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(doc, NULL, len, title, buf, sizeof buf, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(doc, data, len, title, NULL, 10, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(doc, data, len - 1, title, buf, sizeof buf, &needed),
                 NEWSPAN_INVALID_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(doc, data, len, n, buf, sizeof buf, &needed),
                 NEWSPAN_OUT_OF_RANGE);
    needed = 0;
    CHECK_STATUS(newspan_document_span_text(doc, data, len, title, NULL, 0, &needed),
                 NEWSPAN_BUFFER_TOO_SMALL);
    CHECK(needed == strlen(TITLE) + 1);
    memset(buf, 'x', sizeof buf);
    CHECK_STATUS(newspan_document_span_text(doc, data, len, title, buf, strlen(TITLE), &needed),
                 NEWSPAN_BUFFER_TOO_SMALL);
    CHECK(needed == strlen(TITLE) + 1 && buf[0] == 'x');
    CHECK_STATUS(newspan_document_span_text(doc, data, len, title, buf, needed, &needed), NEWSPAN_OK);
    CHECK(strcmp(buf, TITLE) == 0 && needed == strlen(TITLE) + 1);

    /* Paragraph text. */
    CHECK_STATUS(newspan_document_paragraph_text(doc, data, len, para, buf, sizeof buf, NULL),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_paragraph_text(doc, NULL, len, para, buf, sizeof buf, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_paragraph_text(doc, data, len, para, NULL, 1, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_paragraph_text(doc, data, 3, para, buf, sizeof buf, &needed),
                 NEWSPAN_INVALID_ARGUMENT);
    CHECK_STATUS(newspan_document_paragraph_text(doc, data, len, title, buf, sizeof buf, &needed),
                 NEWSPAN_INVALID_ARGUMENT);
    CHECK_STATUS(newspan_document_paragraph_text(doc, data, len, SIZE_MAX, buf, sizeof buf, &needed),
                 NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_document_paragraph_text(doc, data, len, para, buf, 4, &needed),
                 NEWSPAN_BUFFER_TOO_SMALL);
    CHECK(needed == strlen(JOINED) + 1);
    text = paragraph_text(doc, data, len, para, NULL);
    CHECK(text != NULL && strcmp(text, JOINED) == 0);
    free(text);

    newspan_document_free(doc);
}

static void test_gbk(void) {
    const uint8_t *data = (const uint8_t *)PAGE_GBK;
    size_t len = sizeof PAGE_GBK - 1;
    newspan_options *opts = NULL;
    newspan_document *detected = NULL, *forced = NULL;
    size_t title, para, i, n;
    newspan_span span;
    char *text;
    static const char zeros[sizeof PAGE_GBK] = {0};

    /* Detected, and forced through the options. */
    CHECK_STATUS(newspan_parse(data, len, NULL, &detected), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_new(&opts), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_encoding(opts, "gbk"), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_layout(opts, NEWSPAN_LAYOUT_PARAGRAPHS), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse(data, len, opts, &forced), NEWSPAN_OK);
    newspan_options_free(opts); /* documents do not depend on the options */
    if (detected == NULL || forced == NULL) {
        newspan_document_free(detected);
        newspan_document_free(forced);
        return;
    }
    /* GBK is decoded as its superset gb18030, and reported so. */
    CHECK(strcmp(newspan_document_encoding(forced), "GBK") == 0 ||
          strcmp(newspan_document_encoding(forced), "gb18030") == 0);
    CHECK(strcmp(newspan_document_encoding(detected), "UTF-8") != 0);
    CHECK(!newspan_document_input_is_utf8(forced));
    CHECK(newspan_document_layout(forced) == NEWSPAN_LAYOUT_PARAGRAPHS);

    /* Spans are offsets into the GBK bytes; text comes back as UTF-8. */
    title = find_kind(forced, NEWSPAN_KIND_TITLE);
    para = find_kind(forced, NEWSPAN_KIND_PARAGRAPH);
    CHECK(title != SIZE_MAX && para != SIZE_MAX);
    if (title != SIZE_MAX) {
        CHECK_STATUS(newspan_document_span(forced, title, &span), NEWSPAN_OK);
        CHECK(span.start == 0 && span.end == 16);
        CHECK(text_is(forced, PAGE_GBK, len, title, TITLE));
        /* The text comes from the decoded copy: the input is not read, only its length is
         * checked. */
        CHECK(text_is(forced, zeros, len, title, TITLE));
        CHECK(!text_is(forced, PAGE_GBK, len - 1, title, TITLE));
    }
    if (para != SIZE_MAX) {
        text = paragraph_text(forced, data, len, para, NULL);
        CHECK(text != NULL && strcmp(text, JOINED) == 0);
        free(text);
    }
    /* Detection finds the same spans. */
    n = newspan_document_span_count(forced);
    CHECK(newspan_document_span_count(detected) == n);
    for (i = 0; i < n && i < newspan_document_span_count(detected); i++) {
        newspan_span a, b;
        CHECK_STATUS(newspan_document_span(forced, i, &a), NEWSPAN_OK);
        CHECK_STATUS(newspan_document_span(detected, i, &b), NEWSPAN_OK);
        CHECK(memcmp(&a, &b, sizeof a) == 0);
    }
    newspan_document_free(detected);
    newspan_document_free(forced);
}

static void test_replaced_bytes(void) {
    newspan_options *opts = NULL;
    newspan_document *doc = NULL;
    size_t i, n, text_len;
    char *text;

    CHECK_STATUS(newspan_options_new(&opts), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_encoding(opts, "utf-8"), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse((const uint8_t *)BAD, sizeof BAD - 1, opts, &doc), NEWSPAN_OK);
    newspan_options_free(opts);
    if (doc == NULL)
        return;
    CHECK(newspan_document_had_decode_errors(doc));
    CHECK(!newspan_document_input_is_utf8(doc));
    /* One malformed sequence, the 0xFF at offset 3; a NULL offset is refused. */
    CHECK(newspan_document_decode_error_count(doc) == 1);
    text_len = 0;
    CHECK(newspan_document_first_decode_error(doc, &text_len) && text_len == 3);
    CHECK(!newspan_document_first_decode_error(doc, NULL));
    /* The replaced byte comes back as U+FFFD. */
    n = newspan_document_span_count(doc);
    CHECK(n > 0);
    for (i = 0; i < n; i++) {
        text = span_text(doc, (const uint8_t *)BAD, sizeof BAD - 1, i, &text_len);
        CHECK(text != NULL);
        if (text != NULL && i == 0)
            CHECK(strstr(text, "\xef\xbf\xbd") != NULL);
        free(text);
    }
    newspan_document_free(doc);
}

/* --dump: one line per fact; tests/ffi.rs prints the same from the Rust API. */

static void put_escaped(const char *s, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        switch (s[i]) {
        case '\\': fputs("\\\\", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        case '\0': fputs("\\0", stdout); break;
        default: putchar(s[i]);
        }
    }
}

static void put_index(uint32_t i) {
    if (i == NEWSPAN_NONE)
        fputs(" -", stdout);
    else
        printf(" %" PRIu32, i);
}

static uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t cap = 0, n = 0, got;
    if (f == NULL)
        return NULL;
    for (;;) {
        if (n == cap) {
            uint8_t *bigger = realloc(data, cap = cap ? cap * 2 : 65536);
            if (bigger == NULL) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = bigger;
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return data;
}

static int dump(const char *path, const newspan_options *opts) {
    size_t len = 0, i, n, text_len, first_error = 0;
    uint8_t *data = read_file(path, &len);
    newspan_document *doc = NULL;
    newspan_status status;
    newspan_article a;
    newspan_span s;
    char *text;

    if (data == NULL) {
        fprintf(stderr, "api_test: cannot read %s\n", path);
        return 1;
    }
    status = newspan_parse(data, len, opts, &doc);
    if (status != NEWSPAN_OK) {
        fprintf(stderr, "api_test: %s: %s\n", path, newspan_status_str(status));
        free(data);
        return 1;
    }
    printf("encoding %s\n", newspan_document_encoding(doc));
    printf("layout %s\n", newspan_layout_name(newspan_document_layout(doc)));
    printf("input_len %zu\n", newspan_document_input_len(doc));
    printf("utf8 %d\n", newspan_document_input_is_utf8(doc) ? 1 : 0);
    printf("decode_errors %d\n", newspan_document_had_decode_errors(doc) ? 1 : 0);
    printf("decode_error_count %zu\n", newspan_document_decode_error_count(doc));
    if (newspan_document_first_decode_error(doc, &first_error))
        printf("first_decode_error %zu\n", first_error);
    else
        printf("first_decode_error none\n");
    n = newspan_document_article_count(doc);
    printf("articles %zu\n", n);
    for (i = 0; i < n; i++) {
        if (newspan_document_article(doc, i, &a) != NEWSPAN_OK)
            return 1;
        printf("article %zu %" PRIu64 " %" PRIu64 " %" PRIu32 " %" PRIu32 "\n", i, a.start, a.end,
               a.first_span, a.span_count);
        {
            const newspan_extent *extents = NULL;
            size_t e, extent_count = 0;
            if (newspan_document_article_extents(doc, i, &extents, &extent_count) != NEWSPAN_OK)
                return 1;
            printf("extents %zu", i);
            for (e = 0; e < extent_count; e++)
                printf(" %" PRIu64 "..%" PRIu64, extents[e].start, extents[e].end);
            putchar('\n');
        }
    }
    n = newspan_document_span_count(doc);
    printf("spans %zu\n", n);
    for (i = 0; i < n; i++) {
        if (newspan_document_span(doc, i, &s) != NEWSPAN_OK)
            return 1;
        printf("span %zu %s", i, newspan_kind_name(s.kind));
        put_index(s.article);
        put_index(s.parent);
        if (s.kind == NEWSPAN_KIND_BYLINE)
            printf(" role=%s", newspan_role_name(s.attr));
        else if (s.kind == NEWSPAN_KIND_JUMP)
            printf(" direction=%s", newspan_direction_name(s.attr));
        else if (s.kind == NEWSPAN_KIND_FRAGMENT && s.attr == NEWSPAN_ATTR_HYPHEN_REMOVED)
            fputs(" hyphen_removed", stdout);
        printf(" %" PRIu64 " %" PRIu64 " ", s.start, s.end);
        text = span_text(doc, data, len, i, &text_len);
        if (text == NULL)
            return 1;
        put_escaped(text, text_len);
        free(text);
        putchar('\n');
        if (s.kind == NEWSPAN_KIND_PARAGRAPH) {
            text = paragraph_text(doc, data, len, i, &text_len);
            if (text == NULL)
                return 1;
            printf("joined %zu ", i);
            put_escaped(text, text_len);
            free(text);
            putchar('\n');
        }
    }
    newspan_document_free(doc);
    free(data);
    return 0;
}

/* Two pages of an issue: a story jumps from page 1 to page 2 ("下转第2版" / "上接第1版"). */
static const char ISSUE_P1[] =
    "\xe6\x99\xa8\xe6\x8a\xa5 2026\xe5\xb9\xb4" "3\xe6\x9c\x88" "2\xe6\x97\xa5 \xe7\xac\xac" "1\xe7\x89\x88\n\n"
    "\xe8\x80\x81\xe5\x9f\x8e\xe5\x8c\xba\xe6\x94\xb9\xe9\x80\xa0\xe5\x85\xa8\xe9\x9d\xa2\xe9\x93\xba\xe5\xbc\x80\n\n"
    "\xe6\x9c\xac\xe6\x8a\xa5\xe8\xae\xb0\xe8\x80\x85 \xe9\x99\x88\xe7\xab\x8b\xe6\x96\xb0\n\n"
    "\xe4\xbb\x8a\xe5\xb9\xb4\xe5\x85\xa8\xe5\xb8\x82\xe5\xb0\x86\xe5\x90\xaf\xe5\x8a\xa8"
    "12\xe4\xb8\xaa\xe7\x89\x87\xe5\x8c\xba\xe7\x9a\x84\xe6\x94\xb9\xe9\x80\xa0\xef\xbc\x8c"
    "\xe9\x87\x8d\xe7\x82\xb9\xe8\xa7\xa3\xe5\x86\xb3\xe9\x9b\xa8\xe6\xb1\xa1\xe6\xb7\xb7\xe6\xb5\x81\xe3\x80\x81"
    "\xef\xbc\x88\xe4\xb8\x8b\xe8\xbd\xac\xe7\xac\xac" "2\xe7\x89\x88\xef\xbc\x89\n";
static const char ISSUE_P2[] =
    "\xe6\x99\xa8\xe6\x8a\xa5 2026\xe5\xb9\xb4" "3\xe6\x9c\x88" "2\xe6\x97\xa5 \xe7\xac\xac" "2\xe7\x89\x88\n\n"
    "\xef\xbc\x88\xe4\xb8\x8a\xe6\x8e\xa5\xe7\xac\xac" "1\xe7\x89\x88\xef\xbc\x89\n\n"
    "\xe8\xb7\xaf\xe9\x9d\xa2\xe7\xa7\xaf\xe6\xb0\xb4\xe7\xad\x89\xe9\x97\xae\xe9\xa2\x98\xe3\x80\x82\n";

static void test_issue(void) {
    newspan_issue *issue = NULL;
    newspan_options *opts = NULL;
    const newspan_document *page = NULL;
    newspan_link link;
    newspan_span span;
    CHECK_STATUS(newspan_issue_new(NULL, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_issue_new(NULL, &issue), NEWSPAN_OK);
    CHECK(newspan_issue_page_count(issue) == 0);
    CHECK(newspan_issue_link_count(issue) == 0);
    CHECK_STATUS(newspan_issue_page(issue, 0, &page), NEWSPAN_INVALID_ARGUMENT);
    CHECK_STATUS(newspan_issue_add_page(NULL, (const uint8_t *)ISSUE_P1, sizeof ISSUE_P1 - 1),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_issue_add_page(issue, NULL, 3), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_issue_add_page(issue, (const uint8_t *)ISSUE_P1, sizeof ISSUE_P1 - 1), NEWSPAN_OK);
    CHECK_STATUS(newspan_issue_add_page(issue, (const uint8_t *)ISSUE_P2, sizeof ISSUE_P2 - 1), NEWSPAN_OK);
    CHECK(newspan_issue_page_count(issue) == 2);
    CHECK_STATUS(newspan_issue_parse(NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_issue_parse(issue), NEWSPAN_OK);
    CHECK(newspan_issue_link_count(issue) == 1);
    CHECK_STATUS(newspan_issue_link(issue, 1, &link), NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_issue_link(issue, 0, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_issue_link(NULL, 0, &link), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_issue_link(issue, 0, &link), NEWSPAN_OK);
    CHECK(link.from_page == 0 && link.from_article == 0 && link.to_page == 1 && link.to_article == 0);
    CHECK(link.confidence > 0.5f && link.confidence <= 1.0f);
    CHECK(link.joins_paragraph == 1);
    /* The jump line, read from page 1's document; the from-line from page 2's. */
    CHECK_STATUS(newspan_issue_page(issue, 2, &page), NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_issue_page(issue, 0, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_issue_page(issue, 0, &page), NEWSPAN_OK);
    CHECK_STATUS(newspan_document_span(page, link.jump_span, &span), NEWSPAN_OK);
    CHECK(span.kind == NEWSPAN_KIND_JUMP);
    CHECK(text_is(page, ISSUE_P1, sizeof ISSUE_P1 - 1, link.jump_span,
                  "\xef\xbc\x88\xe4\xb8\x8b\xe8\xbd\xac\xe7\xac\xac" "2\xe7\x89\x88\xef\xbc\x89"));
    CHECK_STATUS(newspan_issue_page(issue, 1, &page), NEWSPAN_OK);
    CHECK(link.from_line_span != NEWSPAN_NONE);
    CHECK(text_is(page, ISSUE_P2, sizeof ISSUE_P2 - 1, link.from_line_span,
                  "\xef\xbc\x88\xe4\xb8\x8a\xe6\x8e\xa5\xe7\xac\xac" "1\xe7\x89\x88\xef\xbc\x89"));
    /* A page added after the parse discards it. */
    CHECK_STATUS(newspan_issue_add_page(issue, (const uint8_t *)"", 0), NEWSPAN_OK);
    CHECK(newspan_issue_link_count(issue) == 0);
    CHECK_STATUS(newspan_issue_page(issue, 0, &page), NEWSPAN_INVALID_ARGUMENT);
    newspan_issue_free(issue);
    newspan_issue_free(NULL);
    /* A page that fails names itself in the last error. */
    CHECK_STATUS(newspan_options_new(&opts), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_strict(opts, true), NEWSPAN_OK);
    CHECK_STATUS(newspan_issue_new(opts, &issue), NEWSPAN_OK);
    newspan_options_free(opts);
    CHECK_STATUS(newspan_issue_add_page(issue, (const uint8_t *)ISSUE_P1, sizeof ISSUE_P1 - 1), NEWSPAN_OK);
    CHECK_STATUS(newspan_issue_add_page(issue, (const uint8_t *)BAD, sizeof BAD - 1), NEWSPAN_OK);
    CHECK_STATUS(newspan_issue_parse(issue), NEWSPAN_MALFORMED_INPUT);
    CHECK(last_error_contains("page 2 of the issue"));
    CHECK(newspan_issue_link_count(issue) == 0);
    newspan_issue_free(issue);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--dump") == 0) {
        newspan_options *opts = NULL;
        int i, rc = 0;
        if (newspan_options_new(&opts) != NEWSPAN_OK)
            return 1;
        for (i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--encoding") == 0 && i + 1 < argc) {
                if (newspan_options_set_encoding(opts, argv[++i]) != NEWSPAN_OK)
                    return 2;
                continue;
            }
            printf("== %s\n", argv[i]);
            rc |= dump(argv[i], opts);
        }
        newspan_options_free(opts);
        return rc;
    }

    test_version();
    test_last_error();
    test_names();
    test_options();
    test_model_and_confidence();
    test_parse_errors();
    test_empty();
    test_null_document();
    test_document();
    test_gbk();
    test_replaced_bytes();
    test_issue();

    printf("api_test: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
