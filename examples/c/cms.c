/*
 * cms: what a content-management system stores from a newspaper page, through the newspan C
 * API. Reads each page file, parses it, and prints, for each article, each field once: the
 * headline (kicker, title, subtitle), each byline as printed with its role, each author's
 * name (only the names the bylines hold: a byline of no name, "Staff Writers", gives no
 * author), the dateline and its parts, the paragraph count, captions, jumps, and the
 * article's extents on the page (its byte ranges, for highlighting it). Parents and children
 * are never both printed: a name is inside its byline line, a fragment inside its paragraph.
 *
 * usage: cms [--encoding LABEL] FILE...
 *
 * Build: `make` (static and shared, see Makefile) or CMake (see CMakeLists.txt), or by hand:
 *   cc -std=c99 cms.c -I../../include ../../target/release/libnewspan.a \
 *      -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc -o cms
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newspan.h"

/* A page read whole into memory. newspan_parse() neither copies nor keeps it; the text
 * functions take it again. */
typedef struct {
    uint8_t *data;
    size_t len;
} page;

static int read_page(const char *path, page *out) {
    FILE *f = fopen(path, "rb");
    size_t cap = 0, got;
    out->data = NULL;
    out->len = 0;
    if (f == NULL)
        return -1;
    for (;;) {
        if (out->len == cap) {
            uint8_t *bigger = realloc(out->data, cap = cap ? cap * 2 : 65536);
            if (bigger == NULL) {
                fclose(f);
                return -1;
            }
            out->data = bigger;
        }
        got = fread(out->data + out->len, 1, cap - out->len, f);
        if (got == 0)
            break;
        out->len += got;
    }
    fclose(f);
    return 0;
}

/* A growable output buffer for span text. */
typedef struct {
    char *buf;
    size_t cap;
} text_buf;

/* The UTF-8 text of span `index` on one line (runs of spaces, tabs and line breaks become
 * one space), in `tb`; NULL on failure. Uses the size-query convention: try with the buffer
 * we have, grow it to `needed` on NEWSPAN_BUFFER_TOO_SMALL. */
static const char *span_line(const newspan_document *doc, const page *p, size_t index,
                             text_buf *tb) {
    size_t needed = 0, i, j = 0;
    int space = 0;
    newspan_status st =
        newspan_document_span_text(doc, p->data, p->len, index, tb->buf, tb->cap, &needed);
    if (st == NEWSPAN_BUFFER_TOO_SMALL) {
        char *bigger = realloc(tb->buf, needed);
        if (bigger == NULL)
            return NULL;
        tb->buf = bigger;
        tb->cap = needed;
        st = newspan_document_span_text(doc, p->data, p->len, index, tb->buf, tb->cap, &needed);
    }
    if (st != NEWSPAN_OK)
        return NULL;
    /* Collapse whitespace in place. */
    for (i = 0; i + 1 < needed; i++) {
        char c = tb->buf[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            space = j > 0;
            continue;
        }
        if (space)
            tb->buf[j++] = ' ';
        space = 0;
        tb->buf[j++] = c;
    }
    tb->buf[j] = '\0';
    return tb->buf;
}

static const char *basename_of(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Print every child of span `parent` that has kind `kind` as " label=text", separated by
 * "; " (dateline parts). Children directly follow their parent. */
static int print_part(const newspan_document *doc, const page *p, const newspan_span *spans,
                      size_t parent, size_t end, uint32_t kind, const char *label, int first,
                      text_buf *tb) {
    size_t j;
    for (j = parent + 1; j < end && spans[j].parent == parent; j++) {
        if (spans[j].kind == kind) {
            const char *t = span_line(doc, p, j, tb);
            printf("%s%s=%s", first ? " [" : "; ", label, t ? t : "?");
            return 0;
        }
    }
    return first;
}

static int print_article(const newspan_document *doc, const page *p, const newspan_span *spans,
                         size_t index, text_buf *tb) {
    newspan_article a;
    size_t i, j, first, end, paragraphs = 0, titles = 0;
    const char *t;

    if (newspan_document_article(doc, index, &a) != NEWSPAN_OK)
        return -1;
    first = a.first_span;
    end = first + a.span_count;
    printf("-- article %zu\n", index + 1);

    /* Spans of a kind this program does not know (from a newer library) are ignored. */
    for (i = first; i < end; i++)
        if (spans[i].kind == NEWSPAN_KIND_KICKER && (t = span_line(doc, p, i, tb)) != NULL)
            printf("kicker: %s\n", t);
    for (i = first; i < end; i++) {
        if (spans[i].kind != NEWSPAN_KIND_TITLE || (t = span_line(doc, p, i, tb)) == NULL)
            continue;
        printf("%s%s", titles++ == 0 ? "headline: " : " ", t);
    }
    if (titles > 0)
        putchar('\n');
    for (i = first; i < end; i++)
        if (spans[i].kind == NEWSPAN_KIND_SUBTITLE && (t = span_line(doc, p, i, tb)) != NULL)
            printf("subtitle: %s\n", t);

    /* Bylines as printed (the credit line), then the authors: the names inside each byline,
     * with the byline's role. A byline without names ("Staff Writers") has no author. */
    for (i = first; i < end; i++) {
        if (spans[i].kind == NEWSPAN_KIND_BYLINE && (t = span_line(doc, p, i, tb)) != NULL)
            printf("byline: %s (%s)\n", t, newspan_role_name(spans[i].attr));
    }
    for (i = first; i < end; i++) {
        const char *role;
        if (spans[i].kind != NEWSPAN_KIND_BYLINE)
            continue;
        role = newspan_role_name(spans[i].attr);
        for (j = i + 1; j < end && spans[j].parent == i; j++)
            if (spans[j].kind == NEWSPAN_KIND_BYLINE_NAME && (t = span_line(doc, p, j, tb)) != NULL)
                printf("author: %s (%s)\n", t, role);
    }

    /* The dateline and its parts (an article has at most one). */
    for (i = first; i < end; i++) {
        int none;
        if (spans[i].kind != NEWSPAN_KIND_DATELINE || (t = span_line(doc, p, i, tb)) == NULL)
            continue;
        printf("dateline: %s", t);
        none = print_part(doc, p, spans, i, end, NEWSPAN_KIND_DATELINE_SOURCE, "source", 1, tb);
        none = print_part(doc, p, spans, i, end, NEWSPAN_KIND_DATELINE_PLACE, "place", none, tb);
        none = print_part(doc, p, spans, i, end, NEWSPAN_KIND_DATELINE_DATE, "date", none, tb);
        fputs(none ? "\n" : "]\n", stdout);
        break;
    }

    for (i = first; i < end; i++)
        if (spans[i].kind == NEWSPAN_KIND_PARAGRAPH)
            paragraphs++;
    printf("paragraphs: %zu\n", paragraphs);

    for (i = first; i < end; i++)
        if (spans[i].kind == NEWSPAN_KIND_CAPTION && (t = span_line(doc, p, i, tb)) != NULL)
            printf("caption: %s\n", t);

    /* Jumps: the direction and the target page (the jump's child). */
    for (i = first; i < end; i++) {
        const char *target = "?";
        if (spans[i].kind != NEWSPAN_KIND_JUMP)
            continue;
        printf("jump: %s page ", newspan_direction_name(spans[i].attr));
        for (j = i + 1; j < end && spans[j].parent == i; j++)
            if (spans[j].kind == NEWSPAN_KIND_JUMP_PAGE && (t = span_line(doc, p, j, tb)) != NULL)
                target = t;
        printf("%s\n", target);
    }

    /* Where the article is on the page: its extents, the byte ranges that hold its text and
     * nobody else's (one for an article set in one piece; several when stories interleave). */
    {
        const newspan_extent *extents = NULL;
        size_t count = 0;
        if (newspan_document_article_extents(doc, index, &extents, &count) != NEWSPAN_OK)
            return -1;
        fputs("extents:", stdout);
        for (i = 0; i < count; i++)
            printf(" %llu..%llu", (unsigned long long)extents[i].start,
                   (unsigned long long)extents[i].end);
        putchar('\n');
    }
    return 0;
}

static int process(const char *path, const newspan_options *options, text_buf *tb) {
    page p;
    newspan_document *doc = NULL;
    const newspan_span *spans = NULL;
    size_t count = 0, i, articles, boilerplate = 0, unassigned = 0;
    newspan_status st;
    int rc = 0;

    if (read_page(path, &p) != 0) {
        fprintf(stderr, "cms: cannot read %s\n", path);
        free(p.data);
        return 1;
    }
    st = newspan_parse(p.data, p.len, options, &doc);
    if (st != NEWSPAN_OK) {
        /* The detail (a malformed byte's offset, the limit exceeded) is in the last error. */
        char message[256];
        size_t needed = 0;
        if (newspan_last_error_message(message, sizeof message, &needed) != NEWSPAN_OK)
            strcpy(message, newspan_status_str(st));
        fprintf(stderr, "cms: %s: %s\n", path, message);
        free(p.data);
        return 1;
    }
    /* The span table is borrowed from the document: valid until newspan_document_free(). */
    if (newspan_document_spans(doc, &spans, &count) != NEWSPAN_OK) {
        rc = 1;
        goto done;
    }
    articles = newspan_document_article_count(doc);
    printf("== %s: %zu article(s), %s, %s layout\n", basename_of(path), articles,
           newspan_document_encoding(doc), newspan_layout_name(newspan_document_layout(doc)));
    for (i = 0; i < articles; i++)
        if (print_article(doc, &p, spans, i, tb) != 0)
            rc = 1;
    for (i = 0; i < count; i++) {
        if (spans[i].kind == NEWSPAN_KIND_BOILERPLATE)
            boilerplate++;
        else if (spans[i].kind == NEWSPAN_KIND_UNASSIGNED)
            unassigned++;
    }
    printf("-- page: %zu boilerplate, %zu unassigned\n", boilerplate, unassigned);
done:
    newspan_document_free(doc);
    free(p.data);
    return rc;
}

int main(int argc, char **argv) {
    newspan_options *options = NULL;
    text_buf tb = {NULL, 0};
    int i, rc = 0, files = 0;
    newspan_status st;

    if (!newspan_abi_is_compatible(NEWSPAN_ABI_VERSION)) {
        fprintf(stderr, "cms: built for newspan ABI %d, the library serves ABI %u to %u\n",
                NEWSPAN_ABI_VERSION, (unsigned)newspan_abi_min_compatible(),
                (unsigned)newspan_abi_version());
        return 1;
    }
    if ((st = newspan_options_new(&options)) != NEWSPAN_OK) {
        fprintf(stderr, "cms: %s\n", newspan_status_str(st));
        return 1;
    }
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--encoding") == 0 && i + 1 < argc) {
            st = newspan_options_set_encoding(options, argv[++i]);
            if (st != NEWSPAN_OK) {
                char message[256];
                size_t needed = 0;
                if (newspan_last_error_message(message, sizeof message, &needed) != NEWSPAN_OK)
                    strcpy(message, newspan_status_str(st));
                fprintf(stderr, "cms: --encoding: %s\n", message);
                rc = 2;
                break;
            }
            continue;
        }
        files++;
        rc |= process(argv[i], options, &tb);
    }
    if (files == 0 && rc == 0) {
        fprintf(stderr, "usage: cms [--encoding LABEL] FILE...\n");
        rc = 2;
    }
    free(tb.buf);
    newspan_options_free(options);
    return rc;
}
