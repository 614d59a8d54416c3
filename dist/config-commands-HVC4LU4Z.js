import { createRequire as __networkPreflightRequire } from 'node:module'; const require = __networkPreflightRequire(import.meta.url);
import{a as o}from"./chunk-KJW6ZROU.js";import{k as s}from"./chunk-XFH6JAXB.js";import{a}from"./chunk-3N7GYD7B.js";import{existsSync as p}from"node:fs";import{writeFile as l}from"node:fs/promises";import{isAbsolute as d,resolve as u}from"node:path";var c="https://raw.githubusercontent.com/network-preflight/network-preflight/v1/schema/preflight.schema.json",n=`# yaml-language-server: $schema=${c}
# network-preflight: which AWS network paths must be open (allow) and which must be closed (deny).
# Each assertion is proved with VPC Reachability Analyzer (no packets are sent; ~$0.10 per analysis).
version: 1

defaults:
  region: us-east-1          # where assertions run unless an endpoint names its own region
  auth:
    mode: default            # CLI: default credential chain, or "profile" with profile: NAME

accounts:
  # One entry per AWS account, by a name of your choice.
  shared:
    role_arn: arn:aws:iam::111111111111:role/NetworkPreflight   # assumed per account; omit to use your credentials as they are
    regions: [us-east-1]
  app:
    role_arn: arn:aws:iam::222222222222:role/NetworkPreflight
    regions: [us-east-1]

assertions:
  - id: app-to-shared-dns
    type: allow                # the path must be reachable
    description: App servers resolve names through the shared DNS endpoint
    source:
      account: app
      selector:
        tags:                  # all tags must match exactly one instance or network interface
          Name: app-server
    destination:
      account: shared
      selector:
        resource_id: eni-0123456789abcdef0   # or arn: ..., or tags: {...}
    protocol: udp
    port: 53

  - id: dev-never-reaches-prod-db
    type: deny                 # the path must be blocked
    source:
      account: app
      selector:
        tags:
          Name: app-dev
    destination:
      account: app
      selector:
        tags:
          Name: prod-db
    protocol: tcp
    port: 5432

  - id: orders-fn-reaches-orders-db
    type: allow
    description: Managed services by name, looked up each run (no ids to go stale)
    source:
      account: app
      selector:
        lambda: orders-fn      # its VPC network interfaces; also ecs_service: cluster/service
    destination:
      account: app
      selector:
        rds: orders-db         # the ENI serving it now (a cluster: its writer; role: reader for readers)
    protocol: tcp
    port: 5432
    # via: [{ account: app, selector: { network_firewall: inspection } }]   # or load_balancer: NAME

  - id: every-web-server-reaches-db
    type: allow
    description: Every web server in the private subnets (a fleet, whatever its instance ids)
    source:
      account: app
      selector:
        tags: { Role: web }
        subnet: { tags: { Tier: private } }   # or vpc:; ids or the subnets' own tags
        match: each            # every member must pass (any: at least one); max_members: 50 guards fan-out
    destination:
      account: app
      selector:
        tags: { Name: prod-db }
    protocol: tcp
    port: 5432

  - id: app-only-through-inspection
    type: allow
    description: Reachable through the firewall (any AZ's endpoint), and no path avoids it
    source:
      account: app
      selector:
        tags: { Name: app-server }
    destination:
      account: shared
      selector:
        tags: { Name: shared-api }
    protocol: tcp
    port: 443
    through:
      - account: shared
        selector: { tags: { Firewall: inspection }, kind: vpc-endpoint }

  - id: ssh-only-from-corporate-range
    type: allow
    source:
      account: app
      selector:
        resource_id: igw-0123456789abcdef0
      address: 198.51.100.0/24 # the packets' source range (FilterAtSource); all of it must get through
    destination:
      account: app
      selector:
        tags: { Role: bastion }
    protocol: tcp
    port: 22
`;var i=a((t,e)=>`${t} ${e}${t===1?"":"s"}`,"count"),y=a(async t=>{let e=await t.loadConfig();if(!e)return o.configError;let r=Object.keys(e.accounts).length;return t.format==="json"?t.out(s({valid:!0,file:e.file,assertions:e.assertions.length,accounts:r,problems:[]})):t.out(`${e.file}: valid (${i(e.assertions.length,"assertion")}, ${i(r,"account")})`),o.passed},"validate"),N=a(async t=>{let e=t.values.file,r=d(e)?e:u(t.io.cwd,e);return p(r)&&!t.values.force?(t.err(`${e} already exists; use --force to overwrite it`),o.configError):(await l(r,n),t.out(`wrote ${e}; edit the accounts and selectors, then run: network-preflight validate -f ${e}`),o.passed)},"init");export{N as init,y as validate};
