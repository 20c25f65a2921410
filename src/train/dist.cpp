// dist.cpp: data-parallel processes through c10d: a TCPStore rendezvous at MASTER_ADDR:
// MASTER_PORT (rank 0 serves it) and Gloo all-reduce (NCCL when built against a CUDA libtorch
// that has it).
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#ifdef STEPWISE_WITH_NCCL
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <chrono>
#include <cstdlib>

#include "train/train_internal.h"

namespace stepwise::train {
namespace {

class C10dGroup : public ProcessGroup {
 public:
  C10dGroup(int rank, int world, c10::intrusive_ptr<c10d::Store> store,
            c10::intrusive_ptr<c10d::ProcessGroup> pg)
      : rank_(rank), world_(world), store_(std::move(store)), pg_(std::move(pg)) {}
  int rank() const override { return rank_; }
  int world() const override { return world_; }
  void allreduce_sum(at::Tensor& t) override {
    if (t.is_cuda()) {
#ifdef STEPWISE_WITH_NCCL
      if (!nccl_)
        nccl_ = c10::make_intrusive<c10d::ProcessGroupNCCL>(
            c10::make_intrusive<c10d::PrefixStore>("nccl", store_), rank_, world_);
      std::vector<at::Tensor> ts{t};
      nccl_->allreduce(ts)->wait();
#else
      at::Tensor host = t.cpu();  // Gloo here reduces host memory
      std::vector<at::Tensor> ts{host};
      pg_->allreduce(ts)->wait();
      t.copy_(host);
#endif
      return;
    }
    std::vector<at::Tensor> ts{t};
    pg_->allreduce(ts)->wait();
  }
  void barrier() override { pg_->barrier()->wait(); }

 private:
  int rank_, world_;
  c10::intrusive_ptr<c10d::Store> store_;
  c10::intrusive_ptr<c10d::ProcessGroup> pg_;
#ifdef STEPWISE_WITH_NCCL
  c10::intrusive_ptr<c10d::ProcessGroup> nccl_;
#endif
};

Result<int64_t> env_int(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  long long x = std::strtoll(v, &end, 10);
  if (*end != '\0' || x < 0) return Error{std::string(name) + "=\"" + v + "\": expected a number"};
  return static_cast<int64_t>(x);
}

}  // namespace

Result<std::unique_ptr<ProcessGroup>> ProcessGroup::from_env() {
  auto world = env_int("WORLD_SIZE", 1);
  if (!world) return world.error();
  if (*world <= 1) return std::make_unique<ProcessGroup>();
  auto rank = env_int("RANK", -1);
  auto port = env_int("MASTER_PORT", 29500);
  if (!rank) return rank.error();
  if (!port) return port.error();
  if (*rank < 0 || *rank >= *world)
    return Error{"RANK must be set to 0.." + std::to_string(*world - 1) + " when WORLD_SIZE is " +
                 std::to_string(*world)};
  if (*port <= 0 || *port > 65535) return Error{"MASTER_PORT out of range"};
  const char* addr_env = std::getenv("MASTER_ADDR");
  std::string addr = addr_env && *addr_env ? addr_env : "127.0.0.1";
  try {
    c10d::TCPStoreOptions so;
    so.port = static_cast<uint16_t>(*port);
    so.isServer = *rank == 0;
    so.numWorkers = static_cast<size_t>(*world);
    so.waitWorkers = true;
    so.timeout = std::chrono::seconds(120);
    auto store = c10::make_intrusive<c10d::TCPStore>(addr, so);
    auto opts = c10d::ProcessGroupGloo::Options::create();
    opts->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(addr));
    opts->timeout = std::chrono::minutes(30);
    auto pg = c10::make_intrusive<c10d::ProcessGroupGloo>(store, static_cast<int>(*rank),
                                                          static_cast<int>(*world), opts);
    return std::unique_ptr<ProcessGroup>(
        std::make_unique<C10dGroup>(static_cast<int>(*rank), static_cast<int>(*world), store, pg));
  } catch (const std::exception& e) {
    return Error{"data-parallel rendezvous at " + addr + ":" + std::to_string(*port) +
                 " failed: " + e.what()};
  }
}

}  // namespace stepwise::train
