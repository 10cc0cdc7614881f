// TLS client settings and their OpenSSL form, for the HTTP/1.1 transport.
//
// Behaviour follows Go's crypto/tls client as client-go configures it: TLS 1.2 minimum;
// the server certificate verified against ca_pem (or the system roots when empty) and
// against server_name (or the URL host): DNS names by SAN, IP addresses by IP SAN; SNI
// sent for DNS names only; insecure skips verification but still sends SNI.
//
// Thread-safety: a built context is shared by all connections and only read after
// construction; the session functions touch one connection's SSL object.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include "lib/base/status.h"
#include "lib/net/credentials.h"
#include "lib/net/tls_config.h"

namespace kubecxx::net {

// The shared client context. Errors (InvalidArgument) name the bad input: unparsable
// CA bundle, certificate without key, key not matching the certificate.
StatusOr<std::shared_ptr<boost::asio::ssl::context>> NewClientTlsContext(const TlsConfig& config);

// Prepares one connection's SSL object before its handshake: SNI, the name to verify
// (`url_host` unless config.server_name is set) and, when `credentials` carries a
// certificate (exec plugins), that certificate instead of the context's one.
Status PrepareTlsSession(SSL* ssl, const TlsConfig& config, std::string_view url_host,
                         const Credentials& credentials);

// Explains a failed handshake in Go's words where Go has them, e.g.
// "tls: failed to verify certificate: x509: certificate signed by unknown authority",
// "... x509: certificate is valid for a, 127.0.0.1, not b" (OpenSSL's reason appended).
std::string DescribeTlsFailure(SSL* ssl, const boost::system::error_code& ec,
                               std::string_view verify_name);

// True when `host` is an IPv4 or IPv6 literal (no brackets).
bool IsIpLiteral(std::string_view host);

}  // namespace kubecxx::net
