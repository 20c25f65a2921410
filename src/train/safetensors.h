// safetensors.h: the safetensors container (8-byte little-endian header length, a JSON header
// naming each tensor's dtype, shape and byte range, then the raw little-endian data), written
// and read without libtorch. Used for checkpoints (docs/checkpoint-format.md) and for the
// Hugging Face export. Plain data: thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace stepwise::train {

struct TensorBlob {
  std::string name;
  std::string dtype;  // "F32", "F64", "I64", "I32", "U8", "BF16", "F16"
  std::vector<int64_t> shape;
  std::string data;  // raw little-endian bytes, row-major
};

// Bytes per element of a safetensors dtype; 0 when unknown.
int64_t dtype_size(std::string_view dtype);

// Serialises tensors (in the given order) and string metadata ("__metadata__").
std::string encode_safetensors(const std::vector<TensorBlob>& tensors,
                               const std::map<std::string, std::string>& metadata);
// Writes encode_safetensors(...) to `path` atomically. Error names the path.
Status write_safetensors(const std::string& path, const std::vector<TensorBlob>& tensors,
                         const std::map<std::string, std::string>& metadata);

struct Safetensors {
  std::vector<TensorBlob> tensors;  // in file order
  std::map<std::string, std::string> metadata;
  const TensorBlob* find(std::string_view name) const;
};
// Parses a whole file's bytes. Error says what is wrong: short file, header length past the
// end, malformed JSON, a tensor whose byte range does not match its dtype and shape or lies
// outside the data. Never reads out of bounds (fuzzed).
Result<Safetensors> decode_safetensors(std::string_view bytes);
// Reads and decodes `path`; errors are prefixed with the path.
Result<Safetensors> read_safetensors(const std::string& path);

}  // namespace stepwise::train
