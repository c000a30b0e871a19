#include "server/api_dispatcher.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "model/aws_faults.h"
#include "server/query_params.h"
#include "server/service_model.h"

namespace ecl {
namespace {

class ApiDispatcherTest : public ::testing::Test {
 protected:
  ApiDispatcherTest() : dispatcher_(ServiceModel::Embedded(), handlers_) {
    ctx_.request_id = "6f0e1d2c-0000-4000-8000-000000000001";
    ctx_.account = "000000000000";
    ctx_.region = "us-east-1";
  }

  HttpResponse Call(const std::string& body) {
    return dispatcher_.Dispatch(ParseUrlEncoded(body), ctx_);
  }

  std::string RequestIdHeader(const HttpResponse& r) {
    for (const auto& [k, v] : r.headers)
      if (k == "x-amzn-RequestId") return v;
    return "<none>";
  }

  void ExpectError(const HttpResponse& r, int status, const std::string& code,
                   const std::string& type = "Sender") {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.content_type, "text/xml");
    EXPECT_NE(r.body.find("<ErrorResponse"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("<Code>" + code + "</Code>"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("<Type>" + type + "</Type>"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("<RequestId>" + ctx_.request_id + "</RequestId>"), std::string::npos);
    EXPECT_EQ(RequestIdHeader(r), ctx_.request_id);
  }

  HandlerRegistry handlers_;
  ApiDispatcher dispatcher_;
  RequestContext ctx_;
};

TEST_F(ApiDispatcherTest, CallsTheHandlerWithDecodedInputAndSerializesItsResult) {
  ApiValue seen;
  handlers_.Add("DescribeReplicationGroups", [&](const RequestContext& ctx, const ApiValue& in) {
    EXPECT_EQ(ctx.region, "us-east-1");
    seen = in;
    return ApiValue::Struct().Set(
        "ReplicationGroups",
        ApiList{ApiValue::Struct().Set("ReplicationGroupId", "rg1").Set("Status", "available")});
  });
  HttpResponse r = Call("Action=DescribeReplicationGroups&Version=2015-02-02&MaxRecords=20");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/xml");
  EXPECT_EQ(seen.GetInt("MaxRecords"), 20);
  EXPECT_EQ(r.body,
            "<DescribeReplicationGroupsResponse "
            "xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">"
            "<DescribeReplicationGroupsResult><ReplicationGroups><ReplicationGroup>"
            "<ReplicationGroupId>rg1</ReplicationGroupId><Status>available</Status>"
            "</ReplicationGroup></ReplicationGroups></DescribeReplicationGroupsResult>"
            "<ResponseMetadata><RequestId>6f0e1d2c-0000-4000-8000-000000000001</RequestId>"
            "</ResponseMetadata></DescribeReplicationGroupsResponse>");
  EXPECT_EQ(RequestIdHeader(r), ctx_.request_id);
}

TEST_F(ApiDispatcherTest, UnknownActionIsInvalidAction) {
  HttpResponse r = Call("Action=LaunchRockets&Version=2015-02-02");
  ExpectError(r, 400, "InvalidAction");
  EXPECT_NE(r.body.find("The action LaunchRockets is not valid for this web service."),
            std::string::npos);
}

TEST_F(ApiDispatcherTest, MissingActionIsInvalidAction) {
  ExpectError(Call("Version=2015-02-02"), 400, "InvalidAction");
  HttpResponse empty = Call("Action=");
  ExpectError(empty, 400, "InvalidAction");
  EXPECT_NE(empty.body.find("must contain the parameter Action"), std::string::npos);
}

TEST_F(ApiDispatcherTest, ModelledButUnimplementedActionSaysSo) {
  HttpResponse r = Call("Action=CreateServerlessCache&ServerlessCacheName=s&Engine=redis");
  ExpectError(r, 400, "InvalidAction");
  EXPECT_NE(r.body.find("not implemented by elasticache-local"), std::string::npos) << r.body;
}

TEST_F(ApiDispatcherTest, MissingRequiredParameterNeverReachesTheHandler) {
  bool called = false;
  handlers_.Add("DecreaseReplicaCount", [&](const RequestContext&, const ApiValue&) {
    called = true;
    return ApiValue::Struct();
  });
  HttpResponse r = Call("Action=DecreaseReplicaCount&ReplicationGroupId=rg1");
  ExpectError(r, 400, "MissingParameter");
  EXPECT_NE(r.body.find("The request must contain the parameter ApplyImmediately."),
            std::string::npos);
  EXPECT_FALSE(called);

  HttpResponse bad =
      Call("Action=DecreaseReplicaCount&ReplicationGroupId=rg1&ApplyImmediately=maybe");
  ExpectError(bad, 400, "InvalidParameterValue");
}

TEST_F(ApiDispatcherTest, HandlerAwsErrorsKeepTheirStatusAndCode) {
  handlers_.Add("DeleteReplicationGroup",
                [](const RequestContext&, const ApiValue& in) -> ApiValue {
                  throw faults::ReplicationGroupNotFoundFault(
                      "ReplicationGroup " + *in.GetString("ReplicationGroupId") + " not found.");
                });
  HttpResponse r = Call("Action=DeleteReplicationGroup&ReplicationGroupId=nope");
  ExpectError(r, 404, "ReplicationGroupNotFoundFault");
  EXPECT_NE(r.body.find("<Message>ReplicationGroup nope not found.</Message>"), std::string::npos);
}

TEST_F(ApiDispatcherTest, UnexpectedExceptionsBecomeInternalFailure) {
  handlers_.Add("DescribeSnapshots", [](const RequestContext&, const ApiValue&) -> ApiValue {
    throw std::runtime_error("database is locked");
  });
  HttpResponse r = Call("Action=DescribeSnapshots");
  ExpectError(r, 500, "InternalFailure", "Receiver");
  EXPECT_EQ(r.body.find("database is locked"), std::string::npos);  // internals stay in the log

  handlers_.Add("DescribeEvents",
                [](const RequestContext&, const ApiValue&) -> ApiValue { throw 42; });
  ExpectError(Call("Action=DescribeEvents"), 500, "InternalFailure", "Receiver");
}

TEST_F(ApiDispatcherTest, ResultThatContradictsTheOutputShapeIsInternalFailure) {
  handlers_.Add("CreateSnapshot", [](const RequestContext&, const ApiValue&) {
    return ApiValue::Struct().Set("Snapshot", "not a structure");
  });
  ExpectError(Call("Action=CreateSnapshot&SnapshotName=s"), 500, "InternalFailure", "Receiver");
}

TEST_F(ApiDispatcherTest, OperationWithoutOutputAnswersOnlyMetadata) {
  handlers_.Add("DeleteCacheSubnetGroup",
                [](const RequestContext&, const ApiValue&) { return ApiValue(); });
  HttpResponse r = Call("Action=DeleteCacheSubnetGroup&CacheSubnetGroupName=g");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("Result>"), std::string::npos);
  EXPECT_NE(r.body.find("<RequestId>" + ctx_.request_id + "</RequestId>"), std::string::npos);
  EXPECT_EQ(RequestIdHeader(r), ctx_.request_id);
}

}  // namespace
}  // namespace ecl
