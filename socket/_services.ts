// The services database (/etc/services) for getservbyname/getservbyport and
// service names given to getaddrinfo, with the best-known entries built in
// for machines without the file.

import { readFileSync } from "node:fs";

const BUILT_IN = `ftp 21/tcp
ssh 22/tcp
telnet 23/tcp
smtp 25/tcp
domain 53/tcp
domain 53/udp
http 80/tcp
pop3 110/tcp
ntp 123/udp
imap2 143/tcp
snmp 161/udp
https 443/tcp
https 443/udp`;

let table:
  | { name: string; aliases: string[]; port: number; proto: string }[]
  | null = null;

function entries(): {
  name: string;
  aliases: string[];
  port: number;
  proto: string;
}[] {
  if (table !== null) return table;
  let text = BUILT_IN;
  try {
    text = readFileSync("/etc/services", "utf8");
  } catch { /* no file or no read permission: the built-in list */ }
  table = [];
  for (const line of text.split("\n")) {
    const m = /^([^\s#]+)\s+(\d+)\/(\w+)\s*([^#]*)/.exec(line);
    if (m) {
      table.push({
        name: m[1]!,
        port: Number(m[2]),
        proto: m[3]!,
        aliases: m[4]!.trim().split(/\s+/).filter(Boolean),
      });
    }
  }
  return table;
}

/** The port of a service name, or undefined. */
export function serviceByName(
  name: string,
  proto: string | null,
): { port: number; proto: string } | undefined {
  return entries().find((e) =>
    (e.name === name || e.aliases.includes(name)) &&
    (proto === null || e.proto === proto)
  );
}

/** The name of a port's service, or undefined. */
export function serviceByPort(
  port: number,
  proto: string | null,
): string | undefined {
  return entries().find((e) =>
    e.port === port && (proto === null || e.proto === proto)
  )?.name;
}
