/*
 * One document read from several threads at once (a document is immutable), and several
 * threads parsing at once with one shared options handle.
 *
 * usage: threads FILE
 *
 * The main thread computes a digest of everything the document says (every span, every
 * span's text, every paragraph's joined text); each thread recomputes it ROUNDS times from
 * the same document, and parses the page itself once with the shared options. Built by
 * tests/ffi.rs with -std=c99 -Wall -Wextra -Werror -pedantic -pthread; run by
 * tests/c/sanitize.sh under ASan/UBSan and valgrind.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newspan.h"

#define THREADS 8
#define ROUNDS 20

static const uint8_t *data;
static size_t len;
static const newspan_document *shared_doc;
static const newspan_options *shared_options;
static uint64_t expected;

/* FNV-1a over bytes. */
static uint64_t mix(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211u;
    }
    return h;
}

static uint64_t digest(const newspan_document *doc) {
    uint64_t h = 14695981039346656037u;
    size_t i, n = newspan_document_span_count(doc), needed;
    const newspan_span *spans = NULL;
    size_t count = 0;
    char *buf = NULL;
    size_t cap = 0;
    newspan_article a;
    const char *enc = newspan_document_encoding(doc);

    h = mix(h, enc, strlen(enc));
    for (i = 0; i < newspan_document_article_count(doc); i++) {
        if (newspan_document_article(doc, i, &a) != NEWSPAN_OK)
            return 0;
        h = mix(h, &a, sizeof a);
    }
    if (newspan_document_spans(doc, &spans, &count) != NEWSPAN_OK || count != n)
        return 0;
    for (i = 0; i < n; i++) {
        newspan_status st;
        h = mix(h, &spans[i], sizeof spans[i]);
        st = newspan_document_span_text(doc, data, len, i, buf, cap, &needed);
        if (st == NEWSPAN_BUFFER_TOO_SMALL) {
            char *bigger = realloc(buf, needed);
            if (bigger == NULL)
                break;
            buf = bigger;
            cap = needed;
            st = newspan_document_span_text(doc, data, len, i, buf, cap, &needed);
        }
        if (st != NEWSPAN_OK) {
            free(buf);
            return 0;
        }
        h = mix(h, buf, needed);
        if (spans[i].kind == NEWSPAN_KIND_PARAGRAPH) {
            st = newspan_document_paragraph_text(doc, data, len, i, buf, cap, &needed);
            if (st == NEWSPAN_BUFFER_TOO_SMALL) {
                char *bigger = realloc(buf, needed);
                if (bigger == NULL)
                    break;
                buf = bigger;
                cap = needed;
                st = newspan_document_paragraph_text(doc, data, len, i, buf, cap, &needed);
            }
            if (st != NEWSPAN_OK) {
                free(buf);
                return 0;
            }
            h = mix(h, buf, needed);
        }
    }
    free(buf);
    return h;
}

static void *reader(void *arg) {
    int r;
    newspan_document *own = NULL;
    (void)arg;
    for (r = 0; r < ROUNDS; r++)
        if (digest(shared_doc) != expected)
            return "a reader saw a different document";
    if (newspan_parse(data, len, shared_options, &own) != NEWSPAN_OK)
        return "a parse with the shared options failed";
    /* The page parsed in this thread agrees with the shared one. */
    r = digest(own) == expected;
    newspan_document_free(own);
    return r ? NULL : "a parse in a thread gave a different document";
}

int main(int argc, char **argv) {
    pthread_t threads[THREADS];
    newspan_document *doc = NULL;
    newspan_options *options = NULL;
    uint8_t *bytes = NULL;
    size_t cap = 0;
    FILE *f;
    int i, failed = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: threads FILE\n");
        return 2;
    }
    f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    for (;;) {
        size_t got;
        if (len == cap) {
            uint8_t *bigger = realloc(bytes, cap = cap ? 2 * cap : 65536);
            if (bigger == NULL)
                return 2;
            bytes = bigger;
        }
        got = fread(bytes + len, 1, cap - len, f);
        if (got == 0)
            break;
        len += got;
    }
    fclose(f);
    data = bytes;

    if (newspan_options_new(&options) != NEWSPAN_OK)
        return 1;
    shared_options = options;
    if (newspan_parse(data, len, options, &doc) != NEWSPAN_OK)
        return 1;
    shared_doc = doc;
    expected = digest(doc);
    if (expected == 0 || newspan_document_span_count(doc) == 0) {
        fprintf(stderr, "threads: %s gave no spans\n", argv[1]);
        return 1;
    }

    for (i = 0; i < THREADS; i++)
        if (pthread_create(&threads[i], NULL, reader, NULL) != 0) {
            fprintf(stderr, "threads: pthread_create failed\n");
            return 1;
        }
    for (i = 0; i < THREADS; i++) {
        void *result = NULL;
        pthread_join(threads[i], &result);
        if (result != NULL) {
            fprintf(stderr, "threads: %s\n", (const char *)result);
            failed = 1;
        }
    }
    newspan_document_free(doc);
    newspan_options_free(options);
    free(bytes);
    if (failed)
        return 1;
    printf("threads: ok (%d threads x %d reads of %s)\n", THREADS, ROUNDS, argv[1]);
    return 0;
}
