/**
 * A self-signed certificate for test upstreams only (CN "codex-shim test upstream"; SAN secure.upstream.test,
 * upstream.test, 127.0.0.1; valid until 2126), made once with:
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 \
 *     -subj "/CN=codex-shim test upstream" -addext "subjectAltName=DNS:secure.upstream.test,DNS:upstream.test,IP:127.0.0.1" \
 *     -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,digitalSignature,keyCertSign"
 * A daemon trusts it through NODE_EXTRA_CA_CERTS. The key protects nothing: it exists to be public.
 */
export const TEST_TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgWxNExBCAq9tpUB0p
3SOgKK6wUWm3MghNbPYOWkBsVL+hRANCAASBpDm9nI5Fbi853EUVmfnXEigSEY3f
j8V4LoJ9qV83b1nKBNhMfLf48qRG2KyCV0uKp5IBqF1nzr6LEbLYnwoe
-----END PRIVATE KEY-----
`

export const TEST_TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIB5TCCAYugAwIBAgIUd9wZayL6HRpZeQyAkGLvLlLwCckwCgYIKoZIzj0EAwIw
IzEhMB8GA1UEAwwYY29kZXgtc2hpbSB0ZXN0IHVwc3RyZWFtMCAXDTI2MTIwMTIx
MDQ1NFoYDzIxMjYxMTA3MjEwNDU0WjAjMSEwHwYDVQQDDBhjb2RleC1zaGltIHRl
c3QgdXBzdHJlYW0wWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASBpDm9nI5Fbi85
3EUVmfnXEigSEY3fj8V4LoJ9qV83b1nKBNhMfLf48qRG2KyCV0uKp5IBqF1nzr6L
EbLYnwoeo4GaMIGXMB0GA1UdDgQWBBT3t/dLeaBUl5aTNkW6Z5Ij1MHhqzAfBgNV
HSMEGDAWgBT3t/dLeaBUl5aTNkW6Z5Ij1MHhqzA0BgNVHREELTArghRzZWN1cmUu
dXBzdHJlYW0udGVzdIINdXBzdHJlYW0udGVzdIcEfwAAATAPBgNVHRMBAf8EBTAD
AQH/MA4GA1UdDwEB/wQEAwIChDAKBggqhkjOPQQDAgNIADBFAiEA+XEI06z/kFjl
qDRjL7ybUk5ov4VH/9hBMv/5W93puxwCIFJsMZwQqfo792gxDFAZx8ZsWZ8aZ+Tf
JvSe730QiVFi
-----END CERTIFICATE-----
`
