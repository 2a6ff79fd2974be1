// SPDX-License-Identifier: Apache-2.0
#include "provider/http_client.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <istream>
#include <memory>
#include <mutex>

namespace frontdesk::provider {

namespace {

// One TLS client context for the process: the system CA store, the peer's certificate
// and host name verified, and a certificate that fails verification rejected outright
// (Poco's default handler would otherwise ask on the console).
Poco::Net::Context::Ptr tls_context() {
  static std::once_flag once;
  static Poco::Net::Context::Ptr context;
  std::call_once(once, [] {
    Poco::Net::initializeSSL();
    context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                     Poco::Net::Context::VERIFY_RELAXED, 9, true);
    context->enableExtendedCertificateVerification(true);
    Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject =
        new Poco::Net::RejectCertificateHandler(false);
    Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, context);
  });
  return context;
}

std::string read_limited(std::istream& in, std::size_t max_body) {
  std::string body;
  char chunk[8192];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    body.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (body.size() > max_body)
      throw BodyTooLarge("answer larger than " + std::to_string(max_body) + " bytes");
  }
  return body;
}

}  // namespace

HttpResponse fetch(const HttpRequest& request, std::chrono::milliseconds timeout,
                   std::size_t max_body) {
  Poco::URI uri;
  try {
    uri = Poco::URI(request.url);
  } catch (const Poco::Exception& e) {
    throw HttpError("bad URL: " + e.displayText());
  }
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (uri.getScheme() == "https") {
    session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                              tls_context());
  } else if (uri.getScheme() == "http") {
    session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  } else {
    throw HttpError("unsupported URL scheme '" + uri.getScheme() + "' (use http or https)");
  }
  const Poco::Timespan span(static_cast<Poco::Timespan::TimeDiff>(timeout.count()) * 1000);
  session->setTimeout(span, span, span);

  std::string target = uri.getPathEtc();
  if (target.empty()) target = "/";
  Poco::Net::HTTPRequest out(request.method, target, Poco::Net::HTTPMessage::HTTP_1_1);
  out.setHost(uri.getHost(), uri.getPort());
  for (const auto& [name, value] : request.headers) out.set(name, value);
  if (!request.body.empty() || request.method == "POST") {
    out.setContentType(request.content_type);
    out.setContentLength(static_cast<std::streamsize>(request.body.size()));
  }
  try {
    session->sendRequest(out) << request.body;
    Poco::Net::HTTPResponse in;
    std::istream& stream = session->receiveResponse(in);
    HttpResponse response;
    response.status = static_cast<int>(in.getStatus());
    response.content_type = in.getContentType();
    response.location = in.get("Location", "");
    if (in.hasContentLength() && in.getContentLength64() > static_cast<Poco::Int64>(max_body)) {
      throw BodyTooLarge("answer of " + std::to_string(in.getContentLength64()) +
                         " bytes is larger than " + std::to_string(max_body) + " bytes");
    }
    response.body = read_limited(stream, max_body);
    return response;
  } catch (const Poco::Exception& e) {
    throw HttpError(request.method + " " + uri.getHost() + ": " + e.displayText());
  }
}

}  // namespace frontdesk::provider
