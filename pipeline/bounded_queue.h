// A bounded multi-producer multi-consumer queue joining pipeline stages: push
// blocks while full, so a slow stage slows the one before it and memory stays
// flat. close() wakes everyone; pop returns nullopt once closed and drained.
//
// Wake-ups are what a queue between threads costs on a small machine: each one
// is a context switch. A waiter is only signalled when someone waits, after the
// lock is released (so it does not wake up only to block on the mutex), and a
// producer blocked on a full queue is woken when the queue has drained to half,
// not at every pop, so it refills it in one go.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace chipwire {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}

  // False when the queue was closed (the item is dropped).
  bool push(T item) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!closed_ && items_.size() >= capacity_) {
      ++waiting_producers_;
      not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
      --waiting_producers_;
    }
    if (closed_) return false;
    items_.push_back(std::move(item));
    const bool wake = waiting_consumers_ > 0;
    lock.unlock();
    if (wake) not_empty_.notify_one();
    return true;
  }

  std::optional<T> pop() {
    std::unique_lock<std::mutex> lock(mu_);
    if (!closed_ && items_.empty()) {
      ++waiting_consumers_;
      not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
      --waiting_consumers_;
    }
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    const bool wake = waiting_producers_ > 0 && items_.size() <= capacity_ / 2;
    lock.unlock();
    if (wake) not_full_.notify_all();
    return item;
  }

  // No more pushes; consumers drain what is left.
  void close() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closed_ = true;
    }
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  const std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<T> items_;
  int waiting_producers_ = 0;
  int waiting_consumers_ = 0;
  bool closed_ = false;
};

}  // namespace chipwire
