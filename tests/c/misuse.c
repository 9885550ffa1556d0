/*
 * The C ABI under misuse: NULL for every pointer argument, zero and huge lengths, sizes and
 * indices, unknown status, kind, role, direction and layout codes, limits at and around their
 * values, input held in exactly sized heap buffers (so that AddressSanitizer and valgrind see
 * any read past the end), short output buffers that must stay untouched, and one document
 * shared by many threads, each also hitting the error paths and parsing its own pages.
 *
 * Everything here is allowed by the header's contract: a misuse that the contract forbids
 * (a dangling handle, a double free, a buffer shorter than its stated length) is undefined
 * behaviour no library can test for.
 *
 * usage: misuse [FILE...]     (the pages are parsed too, from exact-size heap copies)
 *
 * Built by tests/ffi.rs with -std=c99 -Wall -Wextra -Werror -pedantic -pthread, and by
 * tests/c/sanitize.sh under ASan/UBSan and valgrind.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newspan.h"

static int checks = 0;
static int failures = 0;
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;

static void count(int ok, const char *file, int line, const char *what) {
    pthread_mutex_lock(&count_lock);
    checks++;
    if (!ok) {
        failures++;
        fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    }
    pthread_mutex_unlock(&count_lock);
}

#define CHECK(cond) count((cond) ? 1 : 0, __FILE__, __LINE__, #cond)
#define CHECK_STATUS(call, expected) \
    count((newspan_status)(call) == (expected) ? 1 : 0, __FILE__, __LINE__, #call " == " #expected)

/* 主题 / 本报记者 王小明 / 本报讯 今天凌晨，外滩 / 的钟声敲响。 / 下转第3版 (UTF-8) */
static const char PAGE[] =
    "\xe4\xbb\x8a\xe6\x99\xa8\xe4\xb8\x8a\xe6\xb5\xb7\xe7\x9a\x84\xe5\x8a\xa8\xe4\xb8\x8e\xe9"
    "\x9d\x99\n\n"
    "\xe6\x9c\xac\xe6\x8a\xa5\xe8\xae\xb0\xe8\x80\x85 \xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\n\n"
    "\xe6\x99\xa8\xe6\x8a\xa5\xe4\xb8\x8a\xe6\xb5\xb7" "4" "\xe6\x9c\x88" "1" "\xe6\x97\xa5\xe8"
    "\xae\xaf \xe4\xbb\x8a\xe5\xa4\xa9\xe5\x87\x8c\xe6\x99\xa8\xef\xbc\x8c\xe5\xa4\x96\xe6\xbb"
    "\xa9\n\n"
    "\xe7\x9a\x84\xe9\x92\x9f\xe5\xa3\xb0\xe6\x95\xb2\xe5\x93\x8d\xe3\x80\x82\n\n"
    "\xe4\xb8\x8b\xe8\xbd\xac\xe7\xac\xac" "3" "\xe7\x89\x88\n";

/* An exactly sized heap copy of `n` bytes (NULL for n == 0: the (NULL, 0) empty buffer). */
static uint8_t *heap_copy(const void *p, size_t n) {
    uint8_t *copy;
    if (n == 0)
        return NULL;
    copy = malloc(n);
    if (copy == NULL) {
        fprintf(stderr, "misuse: out of memory\n");
        exit(2);
    }
    memcpy(copy, p, n);
    return copy;
}

/* Every name function over known and unknown codes: a static, non-NULL, NUL-terminated,
 * non-empty string. */
static void test_unknown_codes(void) {
    static const uint32_t extremes[] = {17, 64, 255, 256, 1000, 65535, 65536, 0x7fffffffu, 0x80000000u,
                                        0xfffffffeu, UINT32_MAX};
    const char *(*const names[])(uint32_t) = {newspan_status_str, newspan_kind_name, newspan_role_name,
                                               newspan_direction_name, newspan_layout_name};
    size_t f, i;
    uint32_t code;
    for (f = 0; f < sizeof names / sizeof names[0]; f++) {
        for (code = 0; code < 300; code++) {
            const char *s = names[f](code);
            CHECK(s != NULL && strlen(s) > 0);
        }
        for (i = 0; i < sizeof extremes / sizeof extremes[0]; i++) {
            const char *s = names[f](extremes[i]);
            CHECK(s != NULL && strncmp(s, "unknown", 7) == 0);
        }
    }
    /* Past each table: "unknown" (statuses: "unknown status"). */
    CHECK(strcmp(newspan_status_str(NEWSPAN_BAD_MODEL + 1), "unknown status") == 0);
    CHECK(strcmp(newspan_kind_name(NEWSPAN_KIND_UNASSIGNED + 1), "unknown") == 0);
    CHECK(strcmp(newspan_role_name(NEWSPAN_ROLE_OTHER + 1), "unknown") == 0);
    CHECK(strcmp(newspan_direction_name(NEWSPAN_DIRECTION_FROM + 1), "unknown") == 0);
    CHECK(strcmp(newspan_layout_name(NEWSPAN_LAYOUT_VERTICAL + 1), "unknown") == 0);
    for (code = NEWSPAN_KIND_UNASSIGNED + 1; code < 1000; code++)
        CHECK(!newspan_kind_is_leaf(code));
    CHECK(!newspan_kind_is_leaf(UINT32_MAX));
    /* The same pointer every time: static strings, never to be freed. */
    CHECK(newspan_status_str(UINT32_MAX) == newspan_status_str(12345));
    CHECK(newspan_kind_name(NEWSPAN_KIND_TITLE) == newspan_kind_name(NEWSPAN_KIND_TITLE));
}

/* Every pointer argument NULL, one at a time and all at once. */
static void test_null_everywhere(void) {
    newspan_options *opts = NULL;
    newspan_document *doc = NULL, *sentinel = (newspan_document *)&doc;
    newspan_span span, unchanged_span;
    newspan_article article, unchanged_article;
    const newspan_span *spans = NULL;
    size_t count_ = 77, needed = 77, len = sizeof PAGE - 1;
    const uint8_t *data = (const uint8_t *)PAGE;
    char buf[256];

    /* Options. */
    CHECK_STATUS(newspan_options_new(NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_encoding(NULL, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_encoding(NULL, "gbk"), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_strict(NULL, false), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_layout(NULL, NEWSPAN_LAYOUT_AUTO), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_layout(NULL, UINT32_MAX), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_max_input_len(NULL, 0), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_max_spans(NULL, SIZE_MAX), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_model(NULL, NULL, 0), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_model(NULL, (const uint8_t *)"x", SIZE_MAX), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_options_set_confidence(NULL, true), NEWSPAN_NULL_ARGUMENT);
    newspan_options_free(NULL);

    /* Parse: out NULL whatever else; data NULL with a length; options NULL is the defaults. */
    CHECK_STATUS(newspan_parse(NULL, 0, NULL, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_parse(data, len, NULL, NULL), NEWSPAN_NULL_ARGUMENT);
    doc = sentinel;
    CHECK_STATUS(newspan_parse(NULL, 1, NULL, &doc), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_parse(NULL, len, NULL, &doc), NEWSPAN_NULL_ARGUMENT);
    CHECK(doc == sentinel);
    CHECK_STATUS(newspan_parse(data, len, NULL, &doc), NEWSPAN_OK);
    CHECK(doc != sentinel && doc != NULL);
    if (doc == NULL || doc == sentinel)
        return;

    /* Every document accessor with a NULL document. */
    CHECK(strcmp(newspan_document_encoding(NULL), "") == 0);
    CHECK(newspan_document_layout(NULL) == NEWSPAN_LAYOUT_AUTO);
    CHECK(newspan_document_input_len(NULL) == 0);
    CHECK(!newspan_document_input_is_utf8(NULL));
    CHECK(!newspan_document_had_decode_errors(NULL));
    CHECK(newspan_document_decode_error_count(NULL) == 0);
    CHECK(!newspan_document_first_decode_error(NULL, NULL));
    CHECK(!newspan_document_span_confidence(NULL, 0, NULL));
    CHECK(!newspan_document_span_confidence(NULL, SIZE_MAX, NULL));
    CHECK(newspan_document_span_count(NULL) == 0);
    CHECK(newspan_document_article_count(NULL) == 0);
    CHECK_STATUS(newspan_document_span(NULL, 0, &span), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_span(NULL, 0, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_spans(NULL, &spans, &count_), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_spans(NULL, NULL, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_article(NULL, 0, &article), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_article(NULL, 0, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(NULL, data, len, 0, buf, sizeof buf, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(NULL, NULL, 0, 0, NULL, 0, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_paragraph_text(NULL, data, len, 0, buf, sizeof buf, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_paragraph_text(NULL, NULL, 0, 0, NULL, 0, NULL),
                 NEWSPAN_NULL_ARGUMENT);
    newspan_document_free(NULL);

    /* Each out-parameter NULL on a real document; the others untouched on failure. */
    memset(&unchanged_span, 0xab, sizeof unchanged_span);
    span = unchanged_span;
    CHECK_STATUS(newspan_document_span(doc, 0, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_spans(doc, NULL, &count_), NEWSPAN_NULL_ARGUMENT);
    CHECK(count_ == 77);
    spans = (const newspan_span *)&unchanged_span;
    CHECK_STATUS(newspan_document_spans(doc, &spans, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK(spans == (const newspan_span *)&unchanged_span);
    memset(&unchanged_article, 0xcd, sizeof unchanged_article);
    article = unchanged_article;
    CHECK_STATUS(newspan_document_article(doc, 0, NULL), NEWSPAN_NULL_ARGUMENT);
    CHECK(memcmp(&article, &unchanged_article, sizeof article) == 0);

    /* Text functions: needed NULL, data NULL with a length, buf NULL with a capacity. */
    memset(buf, 'x', sizeof buf);
    CHECK_STATUS(newspan_document_span_text(doc, data, len, 0, buf, sizeof buf, NULL),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(doc, NULL, len, 0, buf, sizeof buf, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(doc, data, len, 0, NULL, 1, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(doc, data, len, 0, NULL, SIZE_MAX, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_paragraph_text(doc, data, len, 0, buf, sizeof buf, NULL),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_paragraph_text(doc, NULL, len, 0, buf, sizeof buf, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK_STATUS(newspan_document_paragraph_text(doc, data, len, 0, NULL, 1, &needed),
                 NEWSPAN_NULL_ARGUMENT);
    CHECK(buf[0] == 'x' && buf[sizeof buf - 1] == 'x');
    newspan_document_free(doc);

    /* Options: a NULL label is "detect again"; the handle is fine afterwards. */
    CHECK_STATUS(newspan_options_new(&opts), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_encoding(opts, NULL), NEWSPAN_OK);
    newspan_options_free(opts);
}

/* Zero and huge lengths, capacities and indices. */
static void test_lengths_and_indices(void) {
    const size_t len = sizeof PAGE - 1;
    uint8_t *data = heap_copy(PAGE, len);
    uint8_t *zeros = calloc(1, len);
    newspan_document *doc = NULL, *sentinel = (newspan_document *)&doc;
    newspan_span span;
    newspan_article article;
    size_t n, i, needed = 0, big_cap;
    char small[4];
    char *big;
    static const size_t huge[] = {(size_t)PTRDIFF_MAX + 1, SIZE_MAX - 1, SIZE_MAX};
    static const uint8_t one = 'x';

    if (zeros == NULL)
        exit(2);
    /* Lengths over PTRDIFF_MAX are refused before the pointer is read, NULL or not. */
    for (i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        doc = sentinel;
        CHECK_STATUS(newspan_parse(data, huge[i], NULL, &doc), NEWSPAN_INVALID_ARGUMENT);
        CHECK_STATUS(newspan_parse(NULL, huge[i], NULL, &doc), NEWSPAN_INVALID_ARGUMENT);
        CHECK_STATUS(newspan_parse(&one, huge[i], NULL, &doc), NEWSPAN_INVALID_ARGUMENT);
        CHECK(doc == sentinel);
    }
    /* Zero length: the empty page, whatever the pointer. */
    CHECK_STATUS(newspan_parse(NULL, 0, NULL, &doc), NEWSPAN_OK);
    CHECK(doc != NULL && doc != sentinel && newspan_document_span_count(doc) == 0);
    CHECK_STATUS(newspan_document_span_text(doc, NULL, 0, 0, NULL, 0, &needed), NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_document_span(doc, 0, &span), NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_document_article(doc, 0, &article), NEWSPAN_OUT_OF_RANGE);
    newspan_document_free(doc);
    doc = NULL;
    CHECK_STATUS(newspan_parse(&one, 0, NULL, &doc), NEWSPAN_OK);
    CHECK(doc != NULL && newspan_document_input_len(doc) == 0);
    newspan_document_free(doc);

    /* A real page, from an exactly sized heap buffer. */
    doc = NULL;
    CHECK_STATUS(newspan_parse(data, len, NULL, &doc), NEWSPAN_OK);
    if (doc == NULL) {
        free(data);
        free(zeros);
        return;
    }
    n = newspan_document_span_count(doc);
    CHECK(n > 0);
    /* Indices at and past the end. */
    CHECK_STATUS(newspan_document_span(doc, n, &span), NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_document_span(doc, SIZE_MAX, &span), NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_document_span(doc, (size_t)UINT32_MAX, &span), NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_document_article(doc, newspan_document_article_count(doc), &article),
                 NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_document_article(doc, SIZE_MAX, &article), NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_document_span_text(doc, data, len, n, NULL, 0, &needed), NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_document_span_text(doc, data, len, SIZE_MAX, NULL, 0, &needed),
                 NEWSPAN_OUT_OF_RANGE);
    CHECK_STATUS(newspan_document_paragraph_text(doc, data, len, SIZE_MAX, NULL, 0, &needed),
                 NEWSPAN_OUT_OF_RANGE);
    /* Input lengths other than the parsed one: refused, the pointer never read. */
    CHECK_STATUS(newspan_document_span_text(doc, data, 0, 0, NULL, 0, &needed), NEWSPAN_INVALID_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(doc, NULL, 0, 0, NULL, 0, &needed), NEWSPAN_INVALID_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(doc, data, len + 1, 0, NULL, 0, &needed),
                 NEWSPAN_INVALID_ARGUMENT);
    CHECK_STATUS(newspan_document_span_text(doc, data, SIZE_MAX, 0, NULL, 0, &needed),
                 NEWSPAN_INVALID_ARGUMENT);
    CHECK_STATUS(newspan_document_paragraph_text(doc, data, SIZE_MAX, 0, NULL, 0, &needed),
                 NEWSPAN_INVALID_ARGUMENT);

    for (i = 0; i < n; i++) {
        size_t want;
        CHECK_STATUS(newspan_document_span(doc, i, &span), NEWSPAN_OK);
        CHECK(span.start <= span.end && span.end <= len);
        CHECK(span.parent == NEWSPAN_NONE || span.parent < i);
        /* The size query, then capacities 0..3 (too small unless the text is that short): a
         * short buffer is never written. */
        CHECK_STATUS(newspan_document_span_text(doc, data, len, i, NULL, 0, &needed),
                     NEWSPAN_BUFFER_TOO_SMALL);
        want = needed;
        CHECK(want == (size_t)(span.end - span.start) + 1);
        memset(small, 'x', sizeof small);
        if (want > sizeof small) {
            size_t cap;
            for (cap = 0; cap <= sizeof small; cap++) {
                CHECK_STATUS(newspan_document_span_text(doc, data, len, i, small, cap, &needed),
                             NEWSPAN_BUFFER_TOO_SMALL);
                CHECK(needed == want);
            }
            CHECK(small[0] == 'x' && small[3] == 'x');
        }
        /* An exactly sized heap buffer, then SIZE_MAX as the capacity of a buffer that holds the
         * text: only `needed` bytes are written either way. */
        big = malloc(want);
        if (big == NULL)
            exit(2);
        CHECK_STATUS(newspan_document_span_text(doc, data, len, i, big, want, &needed), NEWSPAN_OK);
        CHECK(big[want - 1] == '\0' && memcmp(big, data + span.start, want - 1) == 0);
        CHECK_STATUS(newspan_document_span_text(doc, data, len, i, big, SIZE_MAX, &needed), NEWSPAN_OK);
        CHECK(needed == want && big[want - 1] == '\0');
        /* Another buffer of the same length: the document keeps no pointer into the input, so
         * for UTF-8 input the text comes from the buffer passed now. */
        CHECK_STATUS(newspan_document_span_text(doc, zeros, len, i, big, want, &needed), NEWSPAN_OK);
        CHECK(needed == want);
        free(big);
        if (span.kind == NEWSPAN_KIND_PARAGRAPH) {
            CHECK_STATUS(newspan_document_paragraph_text(doc, data, len, i, NULL, 0, &needed),
                         NEWSPAN_BUFFER_TOO_SMALL);
            big_cap = needed;
            big = malloc(big_cap);
            if (big == NULL)
                exit(2);
            CHECK_STATUS(newspan_document_paragraph_text(doc, data, len, i, big, big_cap, &needed),
                         NEWSPAN_OK);
            CHECK(strlen(big) == big_cap - 1);
            free(big);
        } else {
            CHECK_STATUS(newspan_document_paragraph_text(doc, data, len, i, small, sizeof small, &needed),
                         NEWSPAN_INVALID_ARGUMENT);
        }
    }
    newspan_document_free(doc);
    free(data);
    free(zeros);
}

/* Unknown layout codes and bad labels leave the options as they were. */
static void test_options_misuse(void) {
    newspan_options *opts = NULL;
    newspan_document *doc = NULL;
    const size_t len = sizeof PAGE - 1;
    uint8_t *data = heap_copy(PAGE, len);
    char *long_label;
    static const uint32_t bad_layouts[] = {NEWSPAN_LAYOUT_VERTICAL + 1, 100, 0x80000000u, UINT32_MAX};
    size_t i;

    CHECK_STATUS(newspan_options_new(&opts), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_layout(opts, NEWSPAN_LAYOUT_WRAPPED), NEWSPAN_OK);
    for (i = 0; i < sizeof bad_layouts / sizeof bad_layouts[0]; i++)
        CHECK_STATUS(newspan_options_set_layout(opts, bad_layouts[i]), NEWSPAN_INVALID_ARGUMENT);
    /* Labels: empty, blank, junk bytes, a very long one; none changes the options. */
    CHECK_STATUS(newspan_options_set_encoding(opts, "utf-8"), NEWSPAN_OK);
    CHECK_STATUS(newspan_options_set_encoding(opts, ""), NEWSPAN_UNKNOWN_ENCODING);
    CHECK_STATUS(newspan_options_set_encoding(opts, "   "), NEWSPAN_UNKNOWN_ENCODING);
    CHECK_STATUS(newspan_options_set_encoding(opts, "\x80\xff\xfe"), NEWSPAN_UNKNOWN_ENCODING);
    CHECK_STATUS(newspan_options_set_encoding(opts, "utf-8\x01"), NEWSPAN_UNKNOWN_ENCODING);
    CHECK_STATUS(newspan_options_set_encoding(opts, "replacement"), NEWSPAN_UNSUPPORTED_ENCODING);
    long_label = malloc(100001);
    if (long_label == NULL)
        exit(2);
    memset(long_label, 'a', 100000);
    long_label[100000] = '\0';
    CHECK_STATUS(newspan_options_set_encoding(opts, long_label), NEWSPAN_UNKNOWN_ENCODING);
    free(long_label);
    CHECK_STATUS(newspan_parse(data, len, opts, &doc), NEWSPAN_OK);
    if (doc != NULL) {
        CHECK(newspan_document_layout(doc) == NEWSPAN_LAYOUT_WRAPPED);
        CHECK(strcmp(newspan_document_encoding(doc), "UTF-8") == 0);
    }
    /* The options may be freed right after the parse; the document does not depend on them. */
    newspan_options_free(opts);
    CHECK(newspan_document_span_count(doc) > 0);
    newspan_document_free(doc);
    free(data);
}

/* Limits at, below and above the input length and the span count. */
static void test_limits(void) {
    newspan_options *opts = NULL;
    newspan_document *doc = NULL, *sentinel = (newspan_document *)&doc;
    const size_t len = sizeof PAGE - 1;
    uint8_t *data = heap_copy(PAGE, len);
    size_t spans;

    CHECK_STATUS(newspan_parse(data, len, NULL, &doc), NEWSPAN_OK);
    spans = newspan_document_span_count(doc);
    newspan_document_free(doc);
    CHECK_STATUS(newspan_options_new(&opts), NEWSPAN_OK);

    /* Input length. */
    CHECK_STATUS(newspan_options_set_max_input_len(opts, 0), NEWSPAN_OK);
    doc = NULL;
    CHECK_STATUS(newspan_parse(NULL, 0, opts, &doc), NEWSPAN_OK);
    newspan_document_free(doc);
    doc = sentinel;
    CHECK_STATUS(newspan_parse(data, 1, opts, &doc), NEWSPAN_INPUT_TOO_LARGE);
    CHECK_STATUS(newspan_options_set_max_input_len(opts, len - 1), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse(data, len, opts, &doc), NEWSPAN_INPUT_TOO_LARGE);
    CHECK(doc == sentinel);
    CHECK_STATUS(newspan_options_set_max_input_len(opts, len), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse(data, len, opts, &doc), NEWSPAN_OK);
    newspan_document_free(doc);
    CHECK_STATUS(newspan_options_set_max_input_len(opts, SIZE_MAX), NEWSPAN_OK);

    /* Span count. */
    CHECK_STATUS(newspan_options_set_max_spans(opts, 0), NEWSPAN_OK);
    doc = sentinel;
    CHECK_STATUS(newspan_parse(data, len, opts, &doc), NEWSPAN_TOO_MANY_SPANS);
    CHECK_STATUS(newspan_options_set_max_spans(opts, spans - 1), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse(data, len, opts, &doc), NEWSPAN_TOO_MANY_SPANS);
    CHECK(doc == sentinel);
    CHECK_STATUS(newspan_options_set_max_spans(opts, spans), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse(data, len, opts, &doc), NEWSPAN_OK);
    CHECK(doc != sentinel && newspan_document_span_count(doc) == spans);
    newspan_document_free(doc);
    doc = NULL;
    CHECK_STATUS(newspan_options_set_max_spans(opts, 0), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse((const uint8_t *)" \n\t\n", 4, opts, &doc), NEWSPAN_OK);
    CHECK(doc != NULL && newspan_document_span_count(doc) == 0);
    newspan_document_free(doc);

    /* Both over: the input limit is checked first. */
    CHECK_STATUS(newspan_options_set_max_input_len(opts, 1), NEWSPAN_OK);
    doc = sentinel;
    CHECK_STATUS(newspan_parse(data, len, opts, &doc), NEWSPAN_INPUT_TOO_LARGE);
    CHECK(doc == sentinel);
    newspan_options_free(opts);
    free(data);
}

/* Every byte value and malformed sequences, in exact-size buffers, with strict mode on and off
 * and every encoding the tests know. */
static void test_hostile_bytes(void) {
    static const char *const labels[] = {NULL, "utf-8", "gbk", "big5", "shift_jis", "euc-kr",
                                         "utf-16le", "utf-16be", "iso-2022-jp"};
    uint8_t all[256 * 2];
    size_t i, l, n, k;
    int strict;
    for (i = 0; i < 256; i++) {
        all[2 * i] = (uint8_t)i;
        all[2 * i + 1] = (uint8_t)(i % 7 == 0 ? '\n' : 0xff - i);
    }
    for (l = 0; l < sizeof labels / sizeof labels[0]; l++) {
        for (strict = 0; strict < 2; strict++) {
            newspan_options *opts = NULL;
            CHECK_STATUS(newspan_options_new(&opts), NEWSPAN_OK);
            CHECK_STATUS(newspan_options_set_encoding(opts, labels[l]), NEWSPAN_OK);
            CHECK_STATUS(newspan_options_set_strict(opts, strict != 0), NEWSPAN_OK);
            /* Every prefix length of the junk, so that each possible truncation runs. */
            for (n = 0; n <= sizeof all; n += (n < 64 ? 1 : 37)) {
                uint8_t *data = heap_copy(all, n);
                newspan_document *doc = NULL;
                newspan_status st = newspan_parse(data, n, opts, &doc);
                CHECK(st == NEWSPAN_OK || (strict && st == NEWSPAN_MALFORMED_INPUT));
                if (st == NEWSPAN_OK) {
                    size_t count_ = newspan_document_span_count(doc);
                    for (k = 0; k < count_; k++) {
                        size_t needed = 0;
                        char *text;
                        newspan_span s;
                        CHECK_STATUS(newspan_document_span(doc, k, &s), NEWSPAN_OK);
                        CHECK(s.start <= s.end && s.end <= n);
                        CHECK_STATUS(newspan_document_span_text(doc, data, n, k, NULL, 0, &needed),
                                     NEWSPAN_BUFFER_TOO_SMALL);
                        text = malloc(needed);
                        if (text == NULL)
                            exit(2);
                        CHECK_STATUS(newspan_document_span_text(doc, data, n, k, text, needed, &needed),
                                     NEWSPAN_OK);
                        free(text);
                    }
                }
                newspan_document_free(doc);
                free(data);
            }
            newspan_options_free(opts);
        }
    }
}

/* One document shared by many threads, each reading everything, hitting the error paths and
 * parsing and freeing documents of its own with shared options. */
#define THREADS 16
#define ROUNDS 5

struct shared {
    const newspan_document *doc;
    const newspan_options *options;
    const uint8_t *data;
    size_t len;
    uint64_t digest;
};

static uint64_t mix(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211u;
    }
    return h;
}

/* A digest of the document's spans and texts, 0 on any failure. */
static uint64_t digest(const newspan_document *doc, const uint8_t *data, size_t len) {
    uint64_t h = 14695981039346656037u;
    size_t i, n = newspan_document_span_count(doc), needed = 0;
    char *buf;
    for (i = 0; i < n; i++) {
        newspan_span s;
        if (newspan_document_span(doc, i, &s) != NEWSPAN_OK)
            return 0;
        h = mix(h, &s, sizeof s);
        if (newspan_document_span_text(doc, data, len, i, NULL, 0, &needed) != NEWSPAN_BUFFER_TOO_SMALL)
            return 0;
        buf = malloc(needed);
        if (buf == NULL)
            return 0;
        if (newspan_document_span_text(doc, data, len, i, buf, needed, &needed) != NEWSPAN_OK) {
            free(buf);
            return 0;
        }
        h = mix(h, buf, needed);
        free(buf);
    }
    return h == 0 ? 1 : h;
}

static void *worker(void *arg) {
    const struct shared *sh = arg;
    int r;
    for (r = 0; r < ROUNDS; r++) {
        size_t needed = 0, n = newspan_document_span_count(sh->doc);
        newspan_span s;
        newspan_article a;
        newspan_document *own = NULL;
        char tiny[2];
        if (digest(sh->doc, sh->data, sh->len) != sh->digest)
            return "a thread saw a different document";
        /* Error paths, concurrently. */
        if (newspan_document_span(sh->doc, n, &s) != NEWSPAN_OUT_OF_RANGE ||
            newspan_document_article(sh->doc, SIZE_MAX, &a) != NEWSPAN_OUT_OF_RANGE ||
            newspan_document_span_text(sh->doc, sh->data, sh->len + 1, 0, tiny, sizeof tiny, &needed) !=
                NEWSPAN_INVALID_ARGUMENT ||
            newspan_document_span_text(sh->doc, sh->data, sh->len, 0, NULL, 0, &needed) !=
                NEWSPAN_BUFFER_TOO_SMALL ||
            newspan_document_span(sh->doc, 0, NULL) != NEWSPAN_NULL_ARGUMENT)
            return "an error path gave another status under threads";
        if (strlen(newspan_status_str((uint32_t)r * 1000u)) == 0 || strlen(newspan_document_encoding(sh->doc)) == 0)
            return "a name function failed under threads";
        /* A parse of its own with the shared options, read and freed in this thread. */
        if (newspan_parse(sh->data, sh->len, sh->options, &own) != NEWSPAN_OK)
            return "a parse with the shared options failed";
        if (digest(own, sh->data, sh->len) != sh->digest) {
            newspan_document_free(own);
            return "a parse in a thread gave a different document";
        }
        newspan_document_free(own);
    }
    return NULL;
}

static void test_threads(const uint8_t *data, size_t len) {
    pthread_t threads[THREADS];
    struct shared sh;
    newspan_document *doc = NULL;
    newspan_options *opts = NULL;
    int i;
    CHECK_STATUS(newspan_options_new(&opts), NEWSPAN_OK);
    CHECK_STATUS(newspan_parse(data, len, opts, &doc), NEWSPAN_OK);
    if (doc == NULL) {
        newspan_options_free(opts);
        return;
    }
    sh.doc = doc;
    sh.options = opts;
    sh.data = data;
    sh.len = len;
    sh.digest = digest(doc, data, len);
    CHECK(sh.digest != 0);
    for (i = 0; i < THREADS; i++)
        CHECK(pthread_create(&threads[i], NULL, worker, &sh) == 0);
    for (i = 0; i < THREADS; i++) {
        void *result = NULL;
        pthread_join(threads[i], &result);
        if (result != NULL)
            fprintf(stderr, "misuse: thread %d: %s\n", i, (const char *)result);
        CHECK(result == NULL);
    }
    newspan_document_free(doc);
    newspan_options_free(opts);
}

/* A page from a file, into an exactly sized heap buffer. */
static uint8_t *read_page(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    uint8_t *grow = NULL, *exact;
    size_t cap = 0, n = 0, got;
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    for (;;) {
        if (n == cap) {
            uint8_t *bigger = realloc(grow, cap = cap ? 2 * cap : 65536);
            if (bigger == NULL)
                exit(2);
            grow = bigger;
        }
        got = fread(grow + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    exact = heap_copy(grow, n);
    free(grow);
    *len = n;
    return exact;
}

int main(int argc, char **argv) {
    int i;
    uint8_t *page = heap_copy(PAGE, sizeof PAGE - 1);

    CHECK(newspan_abi_version() == NEWSPAN_ABI_VERSION);
    CHECK(newspan_abi_is_compatible(NEWSPAN_ABI_VERSION));
    test_unknown_codes();
    test_null_everywhere();
    test_lengths_and_indices();
    test_options_misuse();
    test_limits();
    test_hostile_bytes();
    test_threads(page, sizeof PAGE - 1);
    free(page);
    for (i = 1; i < argc; i++) {
        size_t len = 0;
        uint8_t *data = read_page(argv[i], &len);
        newspan_document *doc = NULL;
        CHECK_STATUS(newspan_parse(data, len, NULL, &doc), NEWSPAN_OK);
        if (doc != NULL) {
            CHECK(digest(doc, data, len) != 0);
            newspan_document_free(doc);
        }
        /* Every truncation of the page's first 64 bytes (cuts inside characters). */
        {
            size_t cut;
            for (cut = 0; cut < 64 && cut <= len; cut++) {
                uint8_t *head = heap_copy(data, cut);
                newspan_document *d = NULL;
                CHECK_STATUS(newspan_parse(head, cut, NULL, &d), NEWSPAN_OK);
                if (d != NULL)
                    CHECK(digest(d, head, cut) != 0);
                newspan_document_free(d);
                free(head);
            }
        }
        if (i == 1)
            test_threads(data, len);
        free(data);
    }

    printf("misuse: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
