#include "tests/support/test_certs.h"

#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tests/support/process.h"

namespace skillbridge::testing {
namespace {

constexpr std::chrono::milliseconds kOpensslTimeout{60000};

absl::Status Openssl(const std::string& dir, const std::vector<std::string>& args) {
  ChildProcess::Options options;
  options.output_dir = dir;
  absl::StatusOr<std::unique_ptr<ChildProcess>> child = ChildProcess::Start("openssl", args, options);
  if (!child.ok()) {
    return child.status();
  }
  const std::optional<int> code = (*child)->Wait(kOpensslTimeout);
  if (!code.has_value()) {
    return absl::DeadlineExceededError(absl::StrCat("openssl ", args.front(), " did not finish"));
  }
  if (*code != 0) {
    return absl::InternalError(
        absl::StrCat("openssl ", args.front(), " exited with ", *code, ": ", (*child)->ReadStderr()));
  }
  return absl::OkStatus();
}

absl::Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    return absl::InternalError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

// A self-signed CA certificate and its key.
absl::Status MakeCa(const std::string& dir, const std::string& name, const std::string& cn) {
  return Openssl(dir, {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-noenc", "-keyout",
                       absl::StrCat(dir, "/", name, ".key"), "-out", absl::StrCat(dir, "/", name, ".pem"), "-days", "2",
                       "-subj", absl::StrCat("/O=skillbridge tests/CN=", cn), "-addext",
                       "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
}

// A leaf key + certificate signed by CA `ca` with the extensions in `extensions`.
absl::Status MakeLeaf(const std::string& dir, const std::string& ca, const std::string& name, const std::string& cn,
                      const std::string& extensions, const std::string& serial) {
  const std::string key = absl::StrCat(dir, "/", name, ".key");
  const std::string csr = absl::StrCat(dir, "/", name, ".csr");
  const std::string ext = absl::StrCat(dir, "/", name, ".ext");
  if (absl::Status s = WriteFile(ext, extensions); !s.ok()) {
    return s;
  }
  if (absl::Status s =
          Openssl(dir, {"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-noenc", "-keyout",
                        key, "-out", csr, "-subj", absl::StrCat("/O=skillbridge tests/CN=", cn)});
      !s.ok()) {
    return s;
  }
  return Openssl(dir, {"x509", "-req", "-in", csr, "-CA", absl::StrCat(dir, "/", ca, ".pem"), "-CAkey",
                       absl::StrCat(dir, "/", ca, ".key"), "-set_serial", serial, "-days", "2", "-extfile", ext, "-out",
                       absl::StrCat(dir, "/", name, ".pem")});
}

}  // namespace

absl::StatusOr<TestCertificates> TestCertificates::Generate(const std::string& dir) {
  const std::string server_ext =
      "basicConstraints=CA:FALSE\n"
      "keyUsage=critical,digitalSignature,keyEncipherment\n"
      "extendedKeyUsage=serverAuth\n"
      "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n";
  const std::string client_ext =
      "basicConstraints=CA:FALSE\n"
      "keyUsage=critical,digitalSignature,keyEncipherment\n"
      "extendedKeyUsage=clientAuth\n";
  // Each step needs the files of the previous ones.
  if (absl::Status s = MakeCa(dir, "ca", "skillbridge test CA"); !s.ok()) {
    return s;
  }
  if (absl::Status s = MakeLeaf(dir, "ca", "server", "localhost", server_ext, "1001"); !s.ok()) {
    return s;
  }
  if (absl::Status s = MakeLeaf(dir, "ca", "client", "test-client", client_ext, "1002"); !s.ok()) {
    return s;
  }
  if (absl::Status s = MakeCa(dir, "untrusted_ca", "untrusted test CA"); !s.ok()) {
    return s;
  }
  if (absl::Status s = MakeLeaf(dir, "untrusted_ca", "untrusted_client", "intruder", client_ext, "2001"); !s.ok()) {
    return s;
  }
  TestCertificates certs;
  certs.ca_cert = dir + "/ca.pem";
  certs.server_cert = dir + "/server.pem";
  certs.server_key = dir + "/server.key";
  certs.client_cert = dir + "/client.pem";
  certs.client_key = dir + "/client.key";
  certs.untrusted_ca_cert = dir + "/untrusted_ca.pem";
  certs.untrusted_client_cert = dir + "/untrusted_client.pem";
  certs.untrusted_client_key = dir + "/untrusted_client.key";
  return certs;
}

std::string ReadPemFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return "";
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace skillbridge::testing
