// Fuzzes whole requests through App::Handle, on a fresh in-memory service for every input. The
// input is up to eight requests separated by the byte 0x1E, each written as
//   METHOD TARGET\nheader: value\n...\n\nBODY
// and run in order, so later requests see what earlier ones created. Properties: no answer is
// ever a 500 (InternalFailure means a bug), every XML answer is well-formed with the
// <ActionResponse> or <ErrorResponse> root and a request id; and afterwards the describe
// operations of every resource family still answer 200, so no request can poison the API.
#include <spdlog/spdlog.h>

#include <memory>
#include <pugixml.hpp>

#include "fuzz_support.h"
#include "handlers/handler_registry.h"
#include "handlers/service.h"
#include "server/api_dispatcher.h"
#include "server/app.h"
#include "server/service_model.h"

using namespace ecl;

namespace {

// Built once (loading the catalogs takes milliseconds); state is emptied for every input.
struct World {
  World() : service(Options()) {
    service.Register(registry);
    dispatcher = std::make_unique<ApiDispatcher>(ServiceModel::Embedded(), registry);
  }
  static ServiceOptions Options() {
    ServiceOptions o;
    o.in_memory = true;
    return o;
  }
  Service service;
  HandlerRegistry registry;
  std::unique_ptr<ApiDispatcher> dispatcher;
};

World& TheWorld() {
  static World* world = [] {
    spdlog::set_level(spdlog::level::off);
    return new World();
  }();
  return *world;
}

HttpRequest ParseRequest(std::string_view text) {
  HttpRequest r;
  auto head_end = text.find("\n\n");
  std::string_view head = text.substr(0, head_end);
  r.body = head_end == std::string_view::npos ? "" : std::string(text.substr(head_end + 2));
  auto lines = fuzz::SplitInput(head, '\n', 64);
  std::string_view start = lines[0];
  auto space = start.find(' ');
  r.method = std::string(start.substr(0, space));
  r.target = space == std::string_view::npos ? "/" : std::string(start.substr(space + 1));
  for (size_t i = 1; i < lines.size(); ++i) {
    auto colon = lines[i].find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(lines[i].substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = lines[i].substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers.emplace_back(std::move(name), std::string(value));
  }
  return r;
}

std::string Describe(const HttpRequest& r, const HttpResponse& out) {
  return r.method + " " + r.target + "\nbody: " + r.body + "\n=> " + std::to_string(out.status) +
         " " + out.body;
}

void Check(const HttpRequest& request, const HttpResponse& response) {
  if (response.status >= 500)
    fuzz::Fail("a request answered " + std::to_string(response.status) + ":\n" +
               Describe(request, response));
  if (response.content_type != "text/xml") return;
  pugi::xml_document doc;
  if (!doc.load_buffer(response.body.data(), response.body.size()))
    fuzz::Fail("an answer is not well-formed XML:\n" + Describe(request, response));
  std::string root = doc.first_child().name();
  const bool error = root == "ErrorResponse";
  if (!error && (root.size() < 8 || root.compare(root.size() - 8, 8, "Response") != 0))
    fuzz::Fail("an answer's root is <" + root + ">:\n" + Describe(request, response));
  std::string id = error ? doc.first_child().child_value("RequestId")
                         : doc.first_child().child("ResponseMetadata").child_value("RequestId");
  if (id.empty()) fuzz::Fail("an answer without a request id:\n" + Describe(request, response));
}

// One describe per resource family: after any input, every one still answers.
constexpr const char* kDescribes[] = {
    "DescribeReplicationGroups", "DescribeCacheClusters",      "DescribeSnapshots",
    "DescribeCacheParameterGroups", "DescribeCacheSubnetGroups", "DescribeUsers",
    "DescribeUserGroups",        "DescribeReservedCacheNodes", "DescribeEvents",
    "DescribeUpdateActions"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& world = TheWorld();
  world.service.Reset();
  EmulatorClock clock;  // a fresh clock too: admin advances do not carry over
  App app(*world.dispatcher, clock, [&world] { world.service.Reset(); });

  for (std::string_view text : fuzz::SplitInput(fuzz::AsText(data, size), '\x1e', 8)) {
    HttpRequest request = ParseRequest(text);
    Check(request, app.Handle(request));
  }
  for (const char* action : kDescribes) {
    HttpRequest request{"GET", std::string("/?Version=2015-02-02&Action=") + action, {}, ""};
    HttpResponse response = app.Handle(request);
    if (response.status != 200)
      fuzz::Fail(std::string("after this input, ") + action + " fails:\n" +
                 Describe(request, response));
  }
  return 0;
}
