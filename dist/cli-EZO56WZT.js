import { createRequire as __networkPreflightRequire } from 'node:module'; const require = __networkPreflightRequire(import.meta.url);
import{a as x,c as M,d as F,e as J,f as W,g as G,h as X,i as H,j as V,k as I}from"./chunk-PJDNUQ3H.js";import{c as D,d as L}from"./chunk-UVG5SCYQ.js";import{F as N,Q as O,W as R,Y,b as m,f as S,i as $,p as U,t as q}from"./chunk-WKHKGTWW.js";import"./chunk-XT7NJSO6.js";import"./chunk-GOR26FMF.js";import"./chunk-SIIXMYV4.js";import"./chunk-IJJC5X6K.js";import"./chunk-7K4U2X3V.js";import"./chunk-R3UCBNN7.js";import"./chunk-CLIKY4XM.js";import"./chunk-C3RKJZ77.js";import"./chunk-JI4POC2C.js";import{a}from"./chunk-3N7GYD7B.js";import{isAbsolute as ye,resolve as $e}from"node:path";var p={passed:0,failed:1,configError:2,runtimeError:3};import{existsSync as de}from"node:fs";import{writeFile as pe}from"node:fs/promises";import{isAbsolute as Z,resolve as Q}from"node:path";import{parseArgs as fe}from"node:util";var ce="https://raw.githubusercontent.com/network-preflight/network-preflight/v1/schema/preflight.schema.json",B=`# yaml-language-server: $schema=${ce}
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
`;var K={file:{type:"string",short:"f",default:"preflight.yaml"},format:{type:"string",default:"text"},help:{type:"boolean",short:"h"}},C={validate:{summary:"check the config file; print every problem as path:line:col",usage:"network-preflight validate [-f preflight.yaml] [--format text|json]",options:K,async run(e){let n=await e.loadConfig();if(!n)return p.configError;let o=Object.keys(n.accounts).length;if(e.format==="json")e.out($({valid:!0,file:n.file,assertions:n.assertions.length,accounts:o,problems:[]}));else{let s=a((t,r)=>`${t} ${r}${t===1?"":"s"}`,"count");e.out(`${n.file}: valid (${s(n.assertions.length,"assertion")}, ${s(o,"account")})`)}return p.passed}},init:{summary:"write a commented starter config",usage:"network-preflight init [-f preflight.yaml] [--force]",options:{...K,force:{type:"boolean"}},async run(e){let n=String(e.values.file),o=Z(n)?n:Q(e.io.cwd,n);return de(o)&&!e.values.force?(e.err(`${n} already exists; use --force to overwrite it`),p.configError):(await pe(o,B),e.out(`wrote ${n}; edit the accounts and selectors, then run: network-preflight validate -f ${n}`),p.passed)}}};function v(e,n){C[e]=n}a(v,"registerCommand");function z(){let e=Math.max(...Object.keys(C).map(n=>n.length));return["usage: network-preflight <command> [options]","","commands:",...Object.entries(C).map(([n,o])=>`  ${n.padEnd(e)}  ${o.summary}`),"","exit codes: 0 all passed, 1 an assertion failed, 2 config or usage error, 3 runtime/AWS/auth error","run 'network-preflight <command> --help' for a command's options"].join(`
`)}a(z,"usage");function me(e){let n=Object.entries(e.options).map(([s,t])=>{let r=`${t.short?`-${t.short}, `:"    "}--${s}${t.type==="string"?" <value>":""}`,l=t.multiple?" (repeatable)":"",i=t.default===void 0?"":` (default: ${Array.isArray(t.default)?t.default.join(","):String(t.default)})`;return[r,`${l}${i}`.trim()]}),o=Math.max(...n.map(([s])=>s.length));return n.map(([s,t])=>`  ${s.padEnd(o)}  ${t}`.trimEnd()).join(`
`)}a(me,"optionList");function ge(e){return ee(e,Object.keys(C))}a(ge,"closestCommand");function ee(e,n){let o=a((t,r)=>{let l=Array.from({length:r.length+1},(i,c)=>c);for(let i=1;i<=t.length;i++){let c=l[0];l[0]=i;for(let f=1;f<=r.length;f++){let u=Math.min(l[f]+1,l[f-1]+1,c+(t[i-1]===r[f-1]?0:1));c=l[f],l[f]=u}}return l[r.length]},"distance");if(e.length>64)return;let s=n.map(t=>({name:t,d:t.startsWith(e)&&e.length>=2?0:o(e,t)})).sort((t,r)=>t.d-r.d);return s[0]&&s[0].d<=2?s[0].name:void 0}a(ee,"closest");function he(e){return`${m(e.file,200)}:${e.line}:${e.column}: ${m(e.message,1e3)}`}a(he,"formatProblem");async function te(e,n){let o=a((d,h)=>{d.write(`${S(h.endsWith(`
`)?h.slice(0,-1):h,16384,{colours:!0})}
`)},"write"),s=a(d=>o(n.stdout,d),"out"),t=a(d=>o(n.stderr,d),"err"),[r,...l]=e;if(!r||r==="--help"||r==="-h"||r==="help")return(r?s:t)(z()),r?p.passed:p.configError;if(r==="--version")return s(H),p.passed;let i=C[r];if(!i){let d=ge(r);return t(`network-preflight: unknown command ${JSON.stringify(r)}${d?`; did you mean "${d}"?`:""}

${z()}`),p.configError}let c;try{c=fe({args:l,options:i.options,allowPositionals:!0,strict:!0})}catch(d){let h=d.message.replace(/\. To specify.*$/s,""),E=/^Unknown option '--?([^']+)'/.exec(h)?.[1],_=E?ee(E,Object.keys(i.options)):void 0;return t(`network-preflight ${r}: ${h}${_?`; did you mean --${_}?`:""}
usage: ${i.usage}`),p.configError}let f=c.values;if(f.help)return s(`usage: ${i.usage}

${i.summary}

options:
${me(i)}`),p.passed;let u=f.format??"text";if(u!=="text"&&u!=="json")return t(`network-preflight ${r}: --format must be text or json, not ${JSON.stringify(u)}`),p.configError;let w={io:n,values:f,positionals:c.positionals,format:u,out:s,err:t,async loadConfig(){let d=String(f.file??"preflight.yaml"),h=await U(Z(d)?d:Q(n.cwd,d),d);if(h.ok)return h.config;if(u==="json")s($({valid:!1,file:d,problems:h.problems}));else{for(let E of h.problems)t(he(E));t(`${h.problems.length} problem${h.problems.length===1?"":"s"} in ${d}`)}}};return i.run(w)}a(te,"runCli");var A={file:{type:"string",short:"f",default:"preflight.yaml"},format:{type:"string",default:"text"},profile:{type:"string"},help:{type:"boolean",short:"h"}},ne={...A,assertion:{type:"string",multiple:!0},concurrency:{type:"string",default:"100"},"timeout-seconds":{type:"string",default:"300"},"max-analyses":{type:"string",default:"200"},cleanup:{type:"string",default:"keep-paths"},sequential:{type:"boolean"},plan:{type:"string",multiple:!0},"fail-on-predicted":{type:"string",default:"violation"},"plan-scope":{type:"string",default:"all"},"plan-base-config":{type:"string"}},g=class extends Error{static{a(this,"UsageError")}};function T(e,n,o,s){let t=String(e.values[n]);if(!/^\d+$/.test(t)||Number(t)<o||Number(t)>s)throw new g(`--${n} must be a whole number from ${o} to ${s}, not ${JSON.stringify(t)}`);return Number(t)}a(T,"intOption");function P(e,n){let o=e.values.profile??(n.defaults.auth.mode==="profile"?n.defaults.auth.profile:void 0),s=(e.io.env.USER||"cli").replace(/[^\w+=,.@-]/g,"-");return M(n,{mode:"cli",profile:o,sessionName:`np-cli-${s}-${Date.now()}`.slice(0,64),baseRegion:n.defaults.region,log:e.io.env.NETWORK_PREFLIGHT_DEBUG?t=>e.err(`debug: ${t}`):void 0,env:e.io.env})}a(P,"clientsFor");function oe(e){let n=new AbortController,o=a(s=>{e.err(`${s}: stopping and deleting the analyses this run started\u2026`),n.abort()},"onSignal");return process.once("SIGINT",o),process.once("SIGTERM",o),n}a(oe,"abortOnSignals");async function k(e,n){let o=await e.loadConfig();if(!o)return p.configError;try{return await n(o)}catch(s){return s instanceof g?(e.err(s.message),p.configError):(e.err(`network-preflight: ${s instanceof Error?s.message:String(s)}`),p.runtimeError)}}a(k,"withConfig");function we(e,n,o){for(let r of o){let l=D(r);if(l)throw new g(`--assertion ${l}`)}let{selected:s,unmatched:t}=L(n.assertions,o);if(t.length>0)throw new g(`no assertion in ${n.file} matches ${t.map(r=>JSON.stringify(r)).join(", ")}`);return{...n,assertions:s}}a(we,"selected");async function ve(e,n){let o=e.values.plan??[];if(o.length===0)return;let s=String(e.values["fail-on-predicted"]);if(s!=="violation"&&s!=="never")throw new g(`--fail-on-predicted must be violation or never, not ${JSON.stringify(s)}`);let t=String(e.values["plan-scope"]);if(t!=="all"&&t!=="affected")throw new g(`--plan-scope must be all or affected, not ${JSON.stringify(t)}`);let r=a(i=>({path:ye(i)?i:$e(e.io.cwd,i),name:i}),"at"),l=e.values["plan-base-config"];try{return await W({plans:o.map(r),failOnPredicted:s,scope:t,...l?{baseConfig:r(l)}:{},assertions:n.assertions})}catch(i){throw i instanceof F?new g(`--plan ${i.message}`):i}}a(ve,"planOptions");function be(e){let n=e.plan;if(!n)return[];let o=n.counts,s=["",`Plan ${n.files.map(t=>m(t)).join(", ")}: ${o.breaks} breaks, ${o.opens} opens, ${o.fixes} fixes, ${o.affected} affected, ${o.unaffected} unaffected`];for(let t of e.results){let r=t.prediction;r&&r.effect!=="unaffected"&&s.push(`  ${r.effect.toUpperCase().padEnd(8)} ${m(t.assertion.id)}: ${m(r.summary,1e3)}`)}for(let t of n.skipped)s.push(`  SKIPPED  ${m(t.assertionId)}: ${m(t.reason)}`);return n.editedNote&&s.push(`  ${m(n.editedNote)}`),s}a(be,"planText");function re(e,n){let o=String(e.values.cleanup);if(o!=="keep-paths"&&o!=="all")throw new g(`--cleanup must be keep-paths or all, not ${JSON.stringify(o)}`);let s=T(e,"max-analyses",0,1e5);return{runId:`cli-${Date.now().toString(36)}`,concurrency:T(e,"concurrency",1,100),timeoutSeconds:T(e,"timeout-seconds",1,3600),maxAnalyses:s===0?void 0:s,cleanup:o,mode:e.values.sequential?"sequential":"concurrent",signal:n,log:e.io.env.NETWORK_PREFLIGHT_DEBUG?t=>e.err(`debug: ${t}`):void 0}}a(re,"pipelineOptions");function se(e){return e.failed>0?p.failed:e.errors>0?p.runtimeError:p.passed}a(se,"exitCodeFor");var Ce={passed:"PASS ",failed:"FAIL ",error:"ERROR"};function b(e){return e.selector.by==="ip"?O(e):`${e.account}:${O(e)}`}a(b,"describeEndpoint");function y(e){if(!e)return"?";if(!e.ok)return"unresolved";let n=e.target;return n.ip??(n.name?`${n.resourceId} (${n.name})`:n.resourceId)}a(y,"resolvedName");function ke(e){return!e?.ok||!e.members||e.members.length<=1?y(e):e.members.map(n=>y({ok:!0,target:n})).join(" or ")}a(ke,"membersName");function ae(e){let n=e.assertion.port;return`${e.assertion.protocol}/${n?n.from===n.to?n.from:`${n.from}-${n.to}`:"any"}`}a(ae,"portText");var j=a((e,n,o=`${n}s`)=>`${e} ${e===1?n:o}`,"plural"),ie={passed:"\x1B[32m",failed:"\x1B[31m",error:"\x1B[33m",reset:"\x1B[0m"};function Ee(e){return e.stdout.isTTY===!0&&!e.env.NO_COLOR}a(Ee,"useColour");function Se(e,n=!1){let o=e.results.map(c=>[m(c.assertion.id,200),c.assertion.type,`${m(y(c.source),200)} \u2192 ${m(y(c.destination),200)}`,ae(c),Ce[c.verdict.status].trim(),c.analysis?.analysisId??"-",c.verdict.status==="passed"?N(c.verdict.actual):m(c.verdict.reason,1e3)]),s=["ASSERTION","TYPE","SOURCE \u2192 DESTINATION","PROTOCOL/PORT","STATUS","ANALYSIS ID","DETAIL"],t=s.map((c,f)=>Math.max(c.length,...o.map(u=>[...u[f]].length))),r=a((c,f)=>c.map((u,w)=>{let d=w===c.length-1?u:u+" ".repeat(t[w]-[...u].length);return w===4&&f&&n?`${ie[f]}${d}${ie.reset}`:d}).join("  ").trimEnd(),"line"),l=[r(s),...o.map((c,f)=>r(c,e.results[f].verdict.status))],i=(e.durationMs/1e3).toFixed(1);return l.push("",`${e.passed} passed, ${e.failed} failed, ${j(e.errors,"error")} of ${j(e.total,"assertion")} (${j(e.analysesStarted,"analysis","analyses")}, about $${e.estimatedCostUsd.toFixed(2)}, ${i} s)`),l.join(`
`)}a(Se,"runText");function Ie(e){let n=e.assertion,o=[`${n.id} (${n.type}, line ${n.location.line}): ${e.verdict.status.toUpperCase()}`,...n.description?[`  ${n.description}`]:[],`  source:       ${b(n.source)} \u2192 ${y(e.source)}`,`  destination:  ${b(n.destination)} \u2192 ${y(e.destination)}`,`  protocol:     ${ae(e)}`,...n.via.map((t,r)=>`  via:          ${b(t)} \u2192 ${y(e.via[r])}`),...n.avoid.map((t,r)=>`  avoid:        ${b(t)} \u2192 ${y(e.avoid[r])}`),...(n.through??[]).map((t,r)=>`  through:      ${b(t)} \u2192 ${ke(e.through?.[r])}`),`  expected:     ${N(e.verdict.expected)}`,`  actual:       ${N(e.verdict.actual)}`,`  reason:       ${e.verdict.reason}`];e.analysis?.analysisId&&o.push(`  analysis:     ${e.analysis.analysisId} (${e.analysis.status})`);for(let t of e.members??[])o.push(`  member:       ${y({ok:!0,target:t.source})} \u2192 ${y({ok:!0,target:t.destination})}: ${t.verdict.status} (${t.verdict.reason})`);for(let t of e.checks??[])o.push(`  analysis:     ${t.purpose} ${t.analysis?.analysisId??"(not run)"}: ${t.verdict.status}${t.traversed?.length?`, through ${t.traversed.join(", ")}`:""}`);let s=e.verdict.explanations.length?e.verdict.explanations:e.analysis?.explanations??[];if(s.length){o.push("","Explanations:");for(let t of s)o.push(`  - ${t.sentence}${t.consoleUrl?`
    ${t.consoleUrl}`:""}`)}e.analysis?.forwardPath.length&&(o.push("","Path (forward):"),e.analysis.forwardPath.forEach((t,r)=>o.push(`  ${String(r+1).padStart(2)}. ${t.componentId}${t.name?` (${t.name})`:""}${t.detail?` \u2014 ${t.detail}`:""}`)),o.push(`  ${q(e.analysis.forwardPath)}`));for(let t of e.verdict.warnings)o.push(`warning: ${t}`);return o.join(`
`)}a(Ie,"explainText");function le(){v("run",{summary:"run every assertion (or --assertion ID/glob ...) with Reachability Analyzer",usage:"network-preflight run [-f preflight.yaml] [--format text|json] [--assertion ID ...] [--profile NAME] [--concurrency 100] [--timeout-seconds 300] [--max-analyses 200] [--cleanup keep-paths|all] [--sequential] [--plan plan.json ...] [--fail-on-predicted violation|never] [--plan-scope all|affected] [--plan-base-config base.yaml]",options:ne,run:a(e=>k(e,async n=>{let o=we(e,n,e.values.assertion??[]),s=await ve(e,o),t={...re(e,oe(e).signal),...s?{plan:s}:{}},r=await I(o,P(e,o),t);e.out(e.format==="json"?$(R(r)):[Se(r,Ee(e.io)),...be(r)].join(`
`));let l=se(r);return l===p.passed&&J(r.plan)>0?p.failed:l}),"run")}),v("explain",{summary:"run one assertion and explain its verdict hop by hop",usage:"network-preflight explain [-f preflight.yaml] --id ID [--format text|json] [--profile NAME]",options:{...ne,id:{type:"string"}},run:a(e=>k(e,async n=>{let o=e.values.id;if(!o)throw new g("explain needs --id ID");if(!n.assertions.some(l=>l.id===o))throw new g(`no assertion with id ${JSON.stringify(o)} in ${n.file}`);let s={...n,assertions:n.assertions.filter(l=>l.id===o)},t=await I(s,P(e,s),re(e,oe(e).signal)),r=R(t);return e.out(e.format==="json"?$(r.results[0]):Ie(t.results[0])),se(t)}),"run")}),v("list-targets",{summary:"resolve every endpoint to its AWS resource, without running any analysis",usage:"network-preflight list-targets [-f preflight.yaml] [--format text|json] [--profile NAME]",options:A,run:a(e=>k(e,async n=>{let s=(await I(n,P(e,n),{runId:"list-targets",concurrency:1,timeoutSeconds:1,cleanup:"keep-paths",resolveOnly:!0})).results.flatMap(r=>V(r.assertion).map((l,i)=>{let c=[r.source,r.destination,...r.via,...r.avoid,...r.through??[]][i];return{assertion:r.assertion,endpoint:l,resolution:c}})),t=s.filter(r=>!r.resolution?.ok).length;if(e.format==="json")e.out($({targets:s.map(({assertion:r,endpoint:l,resolution:i})=>({assertion_id:r.id,role:l.role,account:l.account||null,region:l.region,line:l.location.line,selector:Y(l),resolved:i?.ok?i.target:null,...i?.ok&&i.members?{members:i.members,group:i.groupLabel??null}:{},error:i&&!i.ok?i.error:null})),resolved_count:s.length-t,error_count:t}));else{for(let{assertion:r,endpoint:l,resolution:i}of s){let c=i?.ok?i.target:void 0,f=c?`${y(i)}${c.primaryNetworkInterfaceId?` eni ${c.primaryNetworkInterfaceId}`:""}${c.vpcId?` ${c.vpcId}`:""}${c.ownerAccountId?` owner ${c.ownerAccountId}`:""}`:`\u2717 ${i&&!i.ok?i.error:"not resolved"}`;if(e.out(`${r.id.padEnd(24)} ${l.role.padEnd(11)} ${b(l)} [${l.region}] \u2192 ${f}`),i?.ok&&i.members){i.groupLabel&&e.out(`${"".padEnd(24)} ${m(i.groupLabel)}`);for(let u of i.members){let w=(u.mustTraverse??[]).map(d=>d.arn??d.resourceId);e.out(m(`${"".padEnd(24)}   - ${u.ip??u.resourceId}${u.name?` (${u.name})`:""}${u.primaryNetworkInterfaceId?` eni ${u.primaryNetworkInterfaceId}`:""}${u.vpcId?` ${u.vpcId}`:""}${w.length?` through ${w.join(", ")}`:""}`,2e3));for(let d of u.warnings??[])e.out(`${"".padEnd(24)}     warning: ${m(d)}`)}}for(let u of c?.warnings??[])e.out(`${"".padEnd(24)} warning: ${u}`)}e.out(`
${s.length-t} of ${s.length} endpoints resolved`)}return t>0?p.runtimeError:p.passed}),"run")}),v("cleanup",{summary:"delete analyses (and ephemeral paths) this tool tagged and left behind, e.g. by a killed run",usage:"network-preflight cleanup [-f preflight.yaml] [--older-than 1h] [--run-id ID] [--profile NAME]",options:{...A,"older-than":{type:"string",default:"1h"},"run-id":{type:"string"}},run:a(e=>k(e,async n=>{let o=Ne(String(e.values["older-than"])),s=Object.values(n.accounts).flatMap(r=>r.regions.map(l=>({account:r.name,region:l}))),t=await x(P(e,n),s,{runId:e.values["run-id"],olderThanMs:o,log:a(r=>e.err(r),"log")});return e.format==="json"?e.out($({deleted_analyses:t.deletedAnalyses,deleted_paths:t.deletedPaths,deleted_scope_analyses:t.deletedScopeAnalyses,deleted_scopes:t.deletedScopes})):e.out(`deleted ${t.deletedAnalyses.length} analyses and ${t.deletedPaths.length} paths`+(t.deletedScopeAnalyses.length+t.deletedScopes.length?`, ${t.deletedScopeAnalyses.length} scope analyses and ${t.deletedScopes.length} scopes`:"")+` in ${s.length} account-regions`),p.passed}),"run")}),v("iam-policy",{summary:"print the least-privilege IAM policy this config needs (and the GitHub OIDC trust policy)",usage:"network-preflight iam-policy [-f preflight.yaml] [--repository OWNER/REPO] [--account-id ID]",options:{...A,repository:{type:"string"},"account-id":{type:"string"}},run:a(e=>k(e,async n=>{let o=e.values.repository,s=e.values["account-id"]??Object.values(n.accounts).find(r=>r.accountId)?.accountId,t={permissions:G(n)};if(o){if(!/^[\w.-]+\/[\w.-]+$/.test(o))throw new g(`--repository must be OWNER/REPO, not ${JSON.stringify(o)}`);if(!s)throw new g("give --account-id: no account in the config names its id");t.trust=X({accountId:s,repository:o})}return e.out($(t)),p.passed}),"run")})}a(le,"registerPipelineCommands");function Ne(e){let n=/^(\d+)\s*(s|m|h|d)$/.exec(e.trim());if(!n)throw new g(`--older-than must look like 30m, 1h or 2d, not ${JSON.stringify(e)}`);return Number(n[1])*{s:1e3,m:6e4,h:36e5,d:864e5}[n[2]]}a(Ne,"parseDuration");le();te(process.argv.slice(2),{stdout:process.stdout,stderr:process.stderr,cwd:process.cwd(),env:process.env}).then(e=>{process.exitCode=e},e=>{process.stderr.write(`${S(`network-preflight: internal error: ${e instanceof Error?e.stack:String(e)}`)}
`),process.exitCode=3});
