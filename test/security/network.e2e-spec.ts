import { readFileSync } from 'node:fs';
import { expectReports, GVISOR, runCases, useSecuritySuite, type HostileCase } from './support/hostile';

/**
 * gVisor's network stack (netstack, loopback only with --network=none) answers a connect to an
 * address it has no route to with EHOSTUNREACH, where Linux says ENETUNREACH: refused either way.
 */
const UNREACHABLE = GVISOR ? 'EHOSTUNREACH' : 'ENETUNREACH';

/** Hostile programs that try to reach a network, the host's services or the engine. */

/** An abstract unix socket the host really listens on (its name without '@'), if any. */
const HOST_ABSTRACT_SOCKET =
  readFileSync('/proc/net/unix', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[7])
    .find((p) => p?.startsWith('@'))
    ?.slice(1) ?? 'containerd-shim/judgebox-test.sock';

/** Python helper: prints `label: ok` or `label: <ERRNO>` for a callable. */
const PY_TRY = [
  'import errno, socket',
  'def attempt(label, fn):',
  '    try:',
  '        fn(); print(f"{label}: ok")',
  '    except socket.gaierror as e: print(f"{label}: gaierror")',
  '    except OSError as e: print(f"{label}: {errno.errorcode.get(e.errno, e.errno)}")',
  'def connect(family, addr, kind=socket.SOCK_STREAM):',
  '    s = socket.socket(family, kind); s.settimeout(3); s.connect(addr)',
].join('\n');

const CASES: HostileCase[] = [
  {
    name: 'outbound TCP and UDP to a public address fail: no route, only loopback',
    language: 'python',
    source: `${PY_TRY}
attempt("tcp", lambda: connect(socket.AF_INET, ("192.0.2.1", 80)))
attempt("udp", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.1", 53)))
attempt("tcp6", lambda: connect(socket.AF_INET6, ("2001:db8::1", 80)))
print("interfaces:", ",".join(sorted(n for _, n in socket.if_nameindex())))`,
    expect: (r) =>
      expectReports(r, { tcp: UNREACHABLE, udp: UNREACHABLE, tcp6: UNREACHABLE, interfaces: 'lo' }),
  },
  {
    name: 'outbound connection from node fails with ENETUNREACH',
    language: 'javascript',
    source:
      "require('net').connect(80, '192.0.2.1').on('connect', () => console.log('tcp: ok')).on('error', (e) => console.log('tcp: ' + e.code));",
    expect: (r) => expectReports(r, { tcp: UNREACHABLE }),
  },
  {
    name: 'DNS resolution fails',
    language: 'python',
    source: `${PY_TRY}
attempt("dns", lambda: socket.getaddrinfo("example.com", 80))
attempt("dns-tcp", lambda: connect(socket.AF_INET, ("192.0.2.53", 53)))`,
    expect: (r) => expectReports(r, { dns: 'gaierror', 'dns-tcp': UNREACHABLE }),
  },
  {
    name: 'DNS resolution from node fails',
    language: 'javascript',
    source: "require('dns').lookup('example.com', (e, a) => console.log('dns: ' + (e ? 'failed' : a)));",
    expect: (r) => expectReports(r, { dns: 'failed' }),
  },
  {
    name: "the host's loopback services (Redis on 127.0.0.1:6389) are unreachable: own netns",
    language: 'python',
    source: `${PY_TRY}
attempt("redis", lambda: connect(socket.AF_INET, ("127.0.0.1", 6389)))
attempt("api", lambda: connect(socket.AF_INET, ("127.0.0.1", 2358)))
attempt("worker-health", lambda: connect(socket.AF_INET, ("127.0.0.1", 2359)))`,
    expect: (r) =>
      expectReports(r, { redis: 'ECONNREFUSED', api: 'ECONNREFUSED', 'worker-health': 'ECONNREFUSED' }),
  },
  {
    name: "bash /dev/tcp cannot reach the host's Redis or the outside",
    language: 'bash',
    source:
      'exec 3<>/dev/tcp/127.0.0.1/6389 2>/dev/null && echo "redis: open" || echo "redis: refused"\n' +
      'exec 4<>/dev/tcp/192.0.2.1/80 2>/dev/null && echo "out: open" || echo "out: refused"',
    expect: (r) => expectReports(r, { redis: 'refused', out: 'refused' }),
  },
  {
    name: 'raw, packet and vsock sockets are refused with EPERM',
    language: 'python',
    source: `${PY_TRY}
attempt("raw", lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
attempt("raw6", lambda: socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6))
attempt("packet", lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0))
attempt("vsock", lambda: socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM))
attempt("alg", lambda: socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET))
attempt("ping-icmp", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP))`,
    expect: (r) =>
      // unprivileged ICMP sockets depend on net.ipv4.ping_group_range of the sandbox netns: harmless either way
      expectReports(r, {
        raw: 'EPERM',
        raw6: 'EPERM',
        packet: 'EPERM',
        vsock: 'EPERM',
        alg: 'EPERM',
        'ping-icmp': /^(EACCES|ok)$/,
      }),
  },
  {
    name: 'netlink route changes are refused (no CAP_NET_ADMIN)',
    language: 'python',
    source: `import socket, struct, errno
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)  # NETLINK_ROUTE
s.bind((0, 0))
def request(kind, body):
    # NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE
    s.send(struct.pack("=IHHII", 16 + len(body), kind, 0x1 | 0x4 | 0x200 | 0x400, 1, 0) + body)
    reply = s.recv(65536)
    err = -struct.unpack("=i", reply[16:20])[0]
    return errno.errorcode.get(err, str(err)) if err else "ok"
# RTM_NEWROUTE: a default route via lo
print("new-route:", request(24, struct.pack("=BBBBBBBBI", socket.AF_INET, 0, 0, 0, 254, 3, 0, 1, 0) + struct.pack("=HHI", 8, 4, 1)))
# RTM_NEWLINK: bring up a new dummy link
print("new-link:", request(16, struct.pack("=BxHiII", 0, 0, 0, 0, 0) + struct.pack("=HH", 10, 3) + b"evil\\0\\0"))`,
    // gVisor's netlink refuses a change without CAP_NET_ADMIN with EACCES.
    expect: (r) => {
      const refused = GVISOR ? 'EACCES' : 'EPERM';
      expectReports(r, { 'new-route': refused, 'new-link': refused });
    },
  },
  {
    name: 'the Docker and containerd sockets are absent',
    language: 'python',
    source: `${PY_TRY}
for p in ["/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock", "/run/containerd/s", "/var/run/docker"]:
    attempt(p, lambda: connect(socket.AF_UNIX, p))`,
    expect: (r) =>
      expectReports(r, {
        '/var/run/docker.sock': 'ENOENT',
        '/run/docker.sock': 'ENOENT',
        '/run/containerd/containerd.sock': 'ENOENT',
        '/run/containerd/s': 'ENOENT',
        '/var/run/docker': 'ENOENT',
      }),
  },
  {
    name: "the host's abstract unix sockets cannot be connected (another netns)",
    language: 'python',
    source: `${PY_TRY}
import sys
attempt("host-abstract", lambda: connect(socket.AF_UNIX, "\\0" + sys.argv[1]))
attempt("containerd-shim", lambda: connect(socket.AF_UNIX, "\\0/containerd-shim/moby/x/shim.sock"))
print("visible-abstract:", sum(1 for l in open("/proc/net/unix") if " @" in l))`,
    args: [HOST_ABSTRACT_SOCKET],
    expect: (r) =>
      expectReports(r, {
        'host-abstract': 'ECONNREFUSED',
        'containerd-shim': 'ECONNREFUSED',
        'visible-abstract': '0',
      }),
  },
];

describe('security: network', () => {
  const suite = useSecuritySuite();
  runCases(suite, CASES);
});
