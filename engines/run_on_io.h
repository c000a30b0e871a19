// RunOnIo: runs `f` on the io_context's thread and returns once it has run — at once when
// called from that thread. What an endpoint's Close needs: its acceptor belongs to that
// thread, and the port must be released before the next owner binds it.
#pragma once

#include <boost/asio.hpp>
#include <future>
#include <memory>

namespace ecl {

template <typename F>
void RunOnIo(boost::asio::io_context& io, F f) {
  if (io.get_executor().running_in_this_thread()) return f();
  auto done = std::make_shared<std::promise<void>>();
  boost::asio::post(io, [f = std::move(f), done]() mutable {
    f();
    done->set_value();
  });
  done->get_future().wait();
}

}  // namespace ecl
