#pragma once
// TLS material for tests, generated at test time with the `openssl` command-line tool (nothing is
// committed): a CA, a server certificate for localhost / 127.0.0.1 / ::1 signed by it, a client
// certificate signed by it, and a second, untrusted CA with a client certificate of its own.
// Keys are ECDSA P-256 (fast to generate). All files are PEM.
//
// Thread-compatible: Generate writes only into the directory it is given.

#include <string>

#include "absl/status/statusor.h"

namespace skillbridge::testing {

struct TestCertificates {
  std::string ca_cert;  // trusted CA: give to --tls_client_ca and to clients as the root
  std::string server_cert;
  std::string server_key;
  std::string client_cert;  // signed by ca_cert
  std::string client_key;
  std::string untrusted_ca_cert;
  std::string untrusted_client_cert;  // signed by untrusted_ca_cert
  std::string untrusted_client_key;

  // Writes every file into `dir` (which must exist). Error with openssl's output on failure.
  static absl::StatusOr<TestCertificates> Generate(const std::string& dir);
};

// Whole contents of a (PEM) file; "" when it cannot be read.
std::string ReadPemFile(const std::string& path);

}  // namespace skillbridge::testing
