// spm_module.cpp: sentencepiece behind a plain C interface, built as its own loadable module.
//
// Debian's libsentencepiece carries a private copy of protobuf 3.14 whose exported symbols
// clash with the protobuf 3.21 that libtorch loads: linked into one program, the two crash at
// start-up. The trainer therefore never links sentencepiece; tokenizer.cpp opens this module
// with dlopen(RTLD_LOCAL | RTLD_DEEPBIND), which keeps the two protobufs apart.
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

char* dup(const std::string& s, size_t* len) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  if (len) *len = s.size();
  return p;
}

class Texts : public sentencepiece::SentenceIterator {
 public:
  Texts(const char* const* texts, const size_t* lens, size_t n) {
    for (size_t i = 0; i < n; ++i) v_.emplace_back(texts[i], lens[i]);
  }
  bool done() const override { return i_ >= v_.size(); }
  void Next() override { ++i_; }
  const std::string& value() const override { return v_[i_]; }
  sentencepiece::util::Status status() const override { return {}; }

 private:
  std::vector<std::string> v_;
  size_t i_ = 0;
};

}  // namespace

extern "C" {

// Trains BPE on the texts with `args` ("key=value\n" lines); 0 on success (the serialized
// model in *model), else -1 with a message in *err. Buffers are malloc'd: free() them.
int sw_spm_train(const char* const* texts, const size_t* lens, size_t n, const char* args,
                 char** model, size_t* model_len, char** err) {
  std::unordered_map<std::string, std::string> kw;
  std::string a(args);
  for (size_t at = 0; at < a.size();) {
    size_t nl = a.find('\n', at);
    std::string line = a.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    size_t eq = line.find('=');
    if (eq != std::string::npos) kw[line.substr(0, eq)] = line.substr(eq + 1);
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  Texts it(texts, lens, n);
  std::string out;
  auto st = sentencepiece::SentencePieceTrainer::Train(kw, &it, &out);
  if (!st.ok()) {
    *err = dup(st.ToString(), nullptr);
    return -1;
  }
  *model = dup(out, model_len);
  return 0;
}

void* sw_spm_load(const char* model, size_t len, char** err) {
  auto* p = new sentencepiece::SentencePieceProcessor();
  auto st = p->LoadFromSerializedProto(std::string(model, len));
  if (!st.ok()) {
    *err = dup(st.ToString(), nullptr);
    delete p;
    return nullptr;
  }
  return p;
}

void sw_spm_free(void* h) { delete static_cast<sentencepiece::SentencePieceProcessor*>(h); }

// Ids of the text in a malloc'd array (*n of them).
int32_t* sw_spm_encode(void* h, const char* text, size_t len, size_t* n) {
  auto ids =
      static_cast<sentencepiece::SentencePieceProcessor*>(h)->EncodeAsIds(std::string(text, len));
  auto* out = static_cast<int32_t*>(std::malloc(sizeof(int32_t) * (ids.size() + 1)));
  for (size_t i = 0; i < ids.size(); ++i) out[i] = ids[i];
  *n = ids.size();
  return out;
}

char* sw_spm_decode(void* h, const int32_t* ids, size_t n, size_t* len) {
  std::vector<int> v(ids, ids + n);
  return dup(static_cast<sentencepiece::SentencePieceProcessor*>(h)->DecodeIds(v), len);
}

int sw_spm_piece_size(void* h) {
  return static_cast<sentencepiece::SentencePieceProcessor*>(h)->GetPieceSize();
}

int sw_spm_piece_to_id(void* h, const char* piece) {
  return static_cast<sentencepiece::SentencePieceProcessor*>(h)->PieceToId(piece);
}

char* sw_spm_id_to_piece(void* h, int id, size_t* len) {
  return dup(static_cast<sentencepiece::SentencePieceProcessor*>(h)->IdToPiece(id), len);
}

// 0 pad, 1 bos, 2 eos, 3 unk.
int sw_spm_special(void* h, int which) {
  auto* p = static_cast<sentencepiece::SentencePieceProcessor*>(h);
  switch (which) {
    case 0:
      return p->pad_id();
    case 1:
      return p->bos_id();
    case 2:
      return p->eos_id();
    default:
      return p->unk_id();
  }
}

}  // extern "C"
