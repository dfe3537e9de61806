# The Python client of listener_server.ts: plain CPython, unchanged, talking
# to the pyport server (or to the same server in Python).
#
# Run: python3 examples/multiprocessing/listener_client.py <port>

import sys
from array import array
from multiprocessing.connection import Client

address = ('localhost', int(sys.argv[1]) if len(sys.argv) > 1 else 6000)
with Client(address, authkey=b'secret password') as conn:
    print(conn.recv())                  # [2.25, None, 'junk', (1, 2)]
    print(conn.recv_bytes())            # b'hello'
    arr = array('i', [0, 0, 0, 0, 0])
    print(conn.recv_bytes_into(arr))    # 8
    print(arr)                          # array('i', [42, 1729, 0, 0, 0])
