// text.h: the text keys curation compares: words, exact-text keys, question n-grams, question
// templates and word shingles.
//
// Everything here is a pure function of its input bytes (ASCII case folding only; bytes >= 0x80
// are letters), so keys are stable across runs and machines. The rules are specified in
// docs/curate.md ("Exact and near duplicates", "Decontamination"). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trace/record.h"

namespace stepwise::curate {

// One token of a text: a word (letters, digits inside a word, apostrophes), a number ("1,234.5",
// "3/4" is three tokens), or one punctuation character. Whitespace is not a token.
enum class TokenKind { kWord, kNumber, kPunct };
struct Token {
  TokenKind kind;
  std::string_view text;  // a view into the input
};

// Splits `text` into tokens. A number is digits with optional thousands groups (",ddd") and one
// decimal part; a leading '$' or a trailing '%' is not part of it (they are punctuation).
std::vector<Token> tokenize(std::string_view text);

// The record's whole text as curation compares it: question, each step's text and the final
// answer, separated by newlines.
std::string record_text(const trace::Trace& t);

// Hash of `text` with every run of whitespace read as one space and leading/trailing
// whitespace ignored: the exact-duplicate key.
uint64_t exact_key(std::string_view text);

// The problem key: hash of meta.problem_id when it is a non-empty string (candidates of one
// problem written by `teach` share it), else of the question lower-cased with whitespace
// collapsed.
uint64_t problem_key(const trace::Trace& t);

// Lower-cased word and number tokens (punctuation dropped): what n-grams and shingles are made of.
std::vector<std::string> plain_words(std::string_view text);

// Hashes of every `n`-word window of plain_words(question), in order; a question with fewer
// than `n` words gives one hash of all its words (so a short question still matches itself).
// Empty for a question without words. `n` must be >= 1.
std::vector<uint64_t> ngram_hashes(std::string_view question, int n);

// The question with its surface details replaced by placeholders (docs/curate.md,
// "Decontamination"):
// numbers and number words -> "#", names -> "<name>", pronouns -> "<pro>", the item counted
// after a number (and every later mention of it) -> "<item>"; lower-cased words separated by
// single spaces, punctuation dropped. Two questions from one template with other numbers,
// names or items give the same text.
std::string template_text(std::string_view question);
// hash64 of template_text(question).
uint64_t template_key(std::string_view question);

// Hashes of every `k`-word shingle of plain_words(text) (one hash of all words when there are
// fewer than `k`); empty for a text without words.
std::vector<uint64_t> shingle_hashes(std::string_view text, int k);

}  // namespace stepwise::curate
