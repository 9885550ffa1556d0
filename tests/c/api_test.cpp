// The header from C++: included as is (extern "C", fixed-width enums, static_assert layout
// checks), the handles held by std::unique_ptr with their own *_free as deleters.
// Built by tests/ffi.rs with -std=c++11 -Wall -Wextra -Werror -pedantic.

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "newspan.h"

namespace {

struct DocumentFree {
    void operator()(newspan_document *doc) const { newspan_document_free(doc); }
};
struct OptionsFree {
    void operator()(newspan_options *options) const { newspan_options_free(options); }
};
using Document = std::unique_ptr<newspan_document, DocumentFree>;
using Options = std::unique_ptr<newspan_options, OptionsFree>;

int failures = 0;

void check(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "api_test.cpp: check failed: %s\n", what);
        failures++;
    }
}

#define CHECK(cond) check((cond), #cond)

std::string span_text(const newspan_document *doc, const std::string &page, size_t index) {
    const uint8_t *data = reinterpret_cast<const uint8_t *>(page.data());
    size_t needed = 0;
    if (newspan_document_span_text(doc, data, page.size(), index, nullptr, 0, &needed) !=
        NEWSPAN_BUFFER_TOO_SMALL)
        return "<error>";
    std::vector<char> buf(needed);
    if (newspan_document_span_text(doc, data, page.size(), index, buf.data(), buf.size(),
                                   &needed) != NEWSPAN_OK)
        return "<error>";
    return std::string(buf.data(), needed - 1);
}

std::string paragraph_text(const newspan_document *doc, const std::string &page, size_t index) {
    const uint8_t *data = reinterpret_cast<const uint8_t *>(page.data());
    size_t needed = 0;
    newspan_document_paragraph_text(doc, data, page.size(), index, nullptr, 0, &needed);
    std::vector<char> buf(needed);
    if (newspan_document_paragraph_text(doc, data, page.size(), index, buf.data(), buf.size(),
                                        &needed) != NEWSPAN_OK)
        return "<error>";
    return std::string(buf.data(), needed - 1);
}

}  // namespace

int main() {
    static_assert(sizeof(newspan_span) == 32, "newspan_span is frozen at 32 bytes");

    CHECK(newspan_abi_version() == NEWSPAN_ABI_VERSION);
    CHECK(newspan_abi_is_compatible(NEWSPAN_ABI_VERSION));
    CHECK(std::string(newspan_version()) == NEWSPAN_VERSION);

    const std::string page =
        "Council approves new budget\n"
        "\n"
        "By Jane Doe\n"
        "\n"
        "SPRINGFIELD - The city council voted 7-2 on Tuesday to approve a budget that adds "
        "two firefighters and repaves Main Street.\n"
        "\n"
        "The mayor said she would sign it.\n";

    newspan_options *raw_options = nullptr;
    CHECK(newspan_options_new(&raw_options) == NEWSPAN_OK);
    Options options(raw_options);
    CHECK(newspan_options_set_encoding(options.get(), "utf-8") == NEWSPAN_OK);
    CHECK(newspan_options_set_layout(options.get(), NEWSPAN_LAYOUT_AUTO) == NEWSPAN_OK);

    newspan_document *raw_doc = nullptr;
    newspan_status status = newspan_parse(reinterpret_cast<const uint8_t *>(page.data()),
                                          page.size(), options.get(), &raw_doc);
    CHECK(status == NEWSPAN_OK);
    Document doc(raw_doc);
    if (!doc) {
        std::fprintf(stderr, "api_test.cpp: parse failed: %s\n", newspan_status_str(status));
        return 1;
    }
    CHECK(std::strcmp(newspan_document_encoding(doc.get()), "UTF-8") == 0);
    CHECK(newspan_document_article_count(doc.get()) >= 1);

    const newspan_span *spans = nullptr;
    size_t count = 0;
    CHECK(newspan_document_spans(doc.get(), &spans, &count) == NEWSPAN_OK);
    CHECK(count == newspan_document_span_count(doc.get()));

    bool saw_title = false, saw_paragraph = false;
    for (size_t i = 0; i < count; i++) {
        const newspan_span &s = spans[i];
        if (std::strcmp(newspan_kind_name(s.kind), "unknown") == 0)
            continue;  // a kind newer than this program: ignore it
        // For UTF-8 input the text is exactly the span's bytes.
        CHECK(span_text(doc.get(), page, i) == page.substr(s.start, s.end - s.start));
        if (s.kind == NEWSPAN_KIND_TITLE) {
            saw_title = true;
            CHECK(span_text(doc.get(), page, i) == "Council approves new budget");
        }
        if (s.kind == NEWSPAN_KIND_PARAGRAPH) {
            saw_paragraph = true;
            CHECK(!paragraph_text(doc.get(), page, i).empty());
        }
    }
    CHECK(saw_title);
    CHECK(saw_paragraph);

    newspan_article article;
    CHECK(newspan_document_article(doc.get(), 0, &article) == NEWSPAN_OK);
    CHECK(article.first_span + article.span_count <= count);
    CHECK(newspan_document_article(doc.get(), 1000, &article) == NEWSPAN_OUT_OF_RANGE);
    CHECK(newspan_parse(nullptr, 1, nullptr, &raw_doc) == NEWSPAN_NULL_ARGUMENT);

    if (failures != 0)
        return 1;
    std::printf("api_test.cpp: ok (%zu spans)\n", count);
    return 0;
}
