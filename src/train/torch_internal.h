// torch_internal.h: the libtorch headers, precompiled once for the module's torch files.
#pragma once

#include <ATen/ATen.h>
#include <torch/torch.h>
