# CPython's side of bench/accept_bench.ts: the same Python client, a blocking
# accept loop with the given backlog. Prints the same JSON line.
#   python3 bench/accept_bench.py <backlog> <n>
import json, socket, subprocess, sys, time

backlog, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(backlog)
port = s.getsockname()[1]
t0 = time.perf_counter()
client = subprocess.Popen([sys.executable, "-c", f"""import socket
socks = [socket.create_connection(("127.0.0.1", {port})) for _ in range({n})]
for c in socks: c.close()"""])
conns = [s.accept()[0] for _ in range(n)]
seconds = time.perf_counter() - t0
for c in conns:
    c.close()
client.wait()
s.close()
print(json.dumps({"runtime": "cpython " + sys.version.split()[0], "kind": "cpython",
                  "backlog": backlog, "n": n, "seconds": seconds}))
