// The words src/roles.ts reads job ads with. Lower-case; multi-word names are joined into one word first (PHRASES),
// so the classifier only ever looks at single words.

/** What one job phrase names: a role, or an engineering job whose kind the phrase does not say. */
export type Kind = 'backend' | 'full-stack' | 'frontend' | 'mobile' | 'data' | 'devops' | 'other' | 'generic';
/** Which side of the work a technology or a work word belongs to, when placing a generic opening. */
export type Side = 'server' | 'ui' | 'mobile' | 'data' | 'infra' | 'other' | 'none';

export const PHRASES: [RegExp, string][] = [
  [/\bfront\s*(?:and|&|\/|or)\s*back[\s-]*end\b/g, ' frontend and backend '],
  [/\bback\s*(?:and|&|\/|or)\s*front[\s-]*end\b/g, ' backend and frontend '],
  [/\bback[\s-]*end\b/g, ' backend '],
  [/\b(sr|jr|snr)\./g, ' $1 '],
  [/\b(?:all\s+)?(?:our\s+)?roles\s+are\s+(full[\s-]*stack|back[\s-]*end|front[\s-]*end)/g, ' hiring $1 engineers '],
  [/\bfront[\s-]*end\b/g, ' frontend '],
  [/\bfull[\s-]*stack\b/g, ' fullstack '],
  [/\bdev[\s-]*sec[\s-]*ops\b/g, ' devops '],
  [/\bdev[\s-]*ops\b/g, ' devops '],
  [/\b(?:ml|ai|llm)[\s-]*ops\b/g, ' mlops '],
  [/\bsite[\s-]+reliability\b/g, ' sre '],
  [/\bmachine[\s-]+learning\b/g, ' ml '],
  [/\bbig[\s-]+data\b/g, ' data '],
  [/\bdistributed[\s-]+systems?\b/g, ' distributedsystems '],
  [/\bdeep[\s-]+learning\b/g, ' ml '],
  [/\bcomputer[\s-]+vision\b/g, ' ml '],
  [/\bartificial[\s-]+intelligence\b/g, ' ai '],
  [/\bgen[\s-]?ai\b/g, ' ai '],
  [/\bdata[\s-]+science\b/g, ' datascience '],
  [/\bbusiness[\s-]+intelligence\b/g, ' bi '],
  [/\bserver[\s-]+side\b/g, ' backend '],
  [/\bclient[\s-]+side\b/g, ' frontend '],
  [/\breact[\s-]+native\b/g, ' reactnative '],
  [/\bruby[\s-]+on[\s-]+rails\b/g, ' rails '],
  [/\bnode\.?js\b/g, ' node '],
  [/(?:\basp)?\.net(?![\w])/g, ' dotnet '],
  [/\bc#/g, ' csharp '],
  [/\bc\+\+/g, ' cpp '],
  [/\b(\w+)\.js\b/g, ' $1 '],
  [/\bsystems?[\s-]+administrat\w*/g, ' sysadmin '],
  [/\bmembers?\s+of\s+(?:the\s+)?technical\s+staff\b/g, ' mts '],
  [/\bquality\s+assurance\b/g, ' qa '],
  [/\bsoftware\s+(?:development\s+)?engineers?\s+in\s+test\b/g, ' sdet '],
  [/\bproduct\s+(?:manager|owner|lead|management)s?\b/g, ' productmanager '],
  [/\bprogram(?:me)?\s+managers?\b/g, ' programmanager '],
  [/\bproject\s+managers?\b/g, ' projectmanager '],
  [/\baccount\s+(?:executive|manager)s?\b/g, ' accountexec '],
  [/\bcustomer\s+(?:success|support|service|experience)\b/g, ' customersuccess '],
  [/\bbusiness\s+development\b/g, ' bizdev '],
  [/\bchief\s+of\s+staff\b/g, ' chiefofstaff '],
  [/\bforward[\s-]+deployed\b/g, ' forwarddeployed '],
  [/\bco[\s-]founders?\b/g, ' cofounder '],
  [/\bjack[\s-]+of[\s-]+all[\s-]+trades\b/g, ' generalist '],
  [/\btechnical\s+operations\b|\btech\s*ops\b/g, ' techops '],
  [/\bui\s*\/\s*ux\b|\bux\s*\/\s*ui\b/g, ' uxui '],
  [/\bhead\s+of\s+engineering\b/g, ' engineering head '],
  [/\bvp\s+(?:of\s+)?engineering\b/g, ' engineering vp '],
];

/** Words that name a job (singular and plural). */
export const JOB_NOUNS = new Set([
  'engineer', 'engineers', 'developer', 'developers', 'devs', 'programmer', 'programmers', 'architect', 'architects',
  'hacker', 'hackers', 'scientist', 'scientists', 'analyst', 'analysts', 'sre', 'sres', 'sysadmin', 'sysadmins',
  'administrator', 'administrators', 'admin', 'admins', 'swe', 'swes', 'sde', 'sdes', 'sdet', 'sdets', 'mts', 'coder', 'coders',
  'entwickler', 'entwicklerin', 'ingenieur', 'technologist', 'technologists', 'ninja', 'ninjas', 'cto', 'ctos',
  'lead', 'leads', 'manager', 'managers', 'head', 'director', 'directors', 'vp', 'intern', 'interns', 'internship',
  'internships', 'researcher', 'researchers', 'specialist', 'specialists', 'consultant', 'consultants', 'designer',
  'designers', 'tester', 'testers', 'contractor', 'contractors', 'freelancer', 'freelancers', 'generalist', 'generalists',
  'recruiter', 'recruiters', 'marketer', 'marketers', 'writer', 'writers', 'editor', 'editors', 'representative',
  'representatives', 'rep', 'reps', 'executive', 'executives', 'accountant', 'accountants', 'counsel', 'coordinator',
  'coordinators', 'assistant', 'assistants', 'strategist', 'strategists', 'associate', 'associates', 'officer', 'officers',
  'technician', 'technicians', 'operator', 'operators', 'advocate', 'advocates', 'productmanager',
  'programmanager', 'projectmanager', 'accountexec', 'chiefofstaff', 'nurse', 'nurses', 'physician', 'physicians',
  'clinician', 'clinicians', 'teacher', 'teachers', 'tutor', 'tutors', 'partner', 'partners', 'tpm', 'tpms', 'pm', 'pms',
  'cofounder', 'cofounders', 'positions', 'position', 'roles', 'role',
]);

/** Job nouns of engineering jobs. */
export const ENGINEERING_NOUNS = new Set([
  'engineer', 'engineers', 'developer', 'developers', 'devs', 'programmer', 'programmers', 'architect', 'architects',
  'hacker', 'hackers', 'sre', 'sres', 'sysadmin', 'sysadmins', 'swe', 'swes', 'sde', 'sdes', 'mts', 'coder', 'coders',
  'entwickler', 'entwicklerin', 'ingenieur', 'technologist', 'technologists', 'ninja', 'ninjas', 'cto', 'ctos', 'generalist', 'generalists',
]);

/** Words that make a lead, manager, head, intern or role an engineering job ("Engineering Manager", "Tech Lead"). */
export const GENERIC_TITLE_WORDS = new Set(['engineering', 'software', 'tech', 'technical', 'development', 'programming', 'coding']);

/** Job nouns of jobs that are not engineering. */
export const NON_ENGINEERING_NOUNS = new Set([
  'designer', 'designers', 'recruiter', 'recruiters', 'marketer', 'marketers', 'writer', 'writers', 'editor', 'editors',
  'representative', 'representatives', 'rep', 'reps', 'accountant', 'accountants', 'counsel', 'coordinator', 'coordinators',
  'assistant', 'assistants', 'strategist', 'strategists', 'technician', 'technicians', 'operator', 'operators', 'agent',
  'advocate', 'advocates', 'productmanager', 'programmanager', 'projectmanager', 'accountexec', 'chiefofstaff',
  'nurse', 'nurses', 'physician', 'physicians', 'clinician', 'clinicians', 'teacher', 'teachers', 'tutor', 'tutors',
  'tpm', 'tpms', 'pm', 'pms',
]);

/**
 * Words that make a job non-engineering in a title position ("Head of Sales", "Marketing Lead", "Operations
 * Manager"), or before a job noun in running text ("sales engineers" are not software engineers).
 */
export const NON_ENGINEERING_WORDS = new Set([
  'sales', 'marketing', 'growth', 'recruiting', 'recruitment', 'talent', 'hr', 'finance', 'financial', 'legal',
  'operations', 'customersuccess', 'success', 'community', 'content', 'partnerships', 'bizdev', 'design',
  'product', 'productmanager', 'programmanager', 'projectmanager', 'accountexec', 'account', 'business', 'ceo', 'coo', 'cfo',
  'cmo', 'administrative', 'executive', 'chiefofstaff', 'clinical', 'medical', 'research', 'brand', 'social', 'creative',
  'copywriter', 'paralegal', 'compliance', 'procurement', 'supply', 'logistics', 'warehouse', 'ux', 'uxui', 'training',
  'gtm',
]);

/** Words that make an engineer title customer-facing, not a software opening ("Sales Engineer", "Solutions Architect"). */
export const CUSTOMER_FACING = new Set(['sales', 'presales', 'solutions', 'solution', 'support', 'customersuccess', 'customer', 'field', 'implementation']);

/** Words that name a kind of opening in a job phrase. */
export const KIND_WORDS: Record<string, Kind> = {
  backend: 'backend', api: 'backend', apis: 'backend', distributedsystems: 'backend',
  fullstack: 'full-stack',
  frontend: 'frontend', ui: 'frontend',
  mobile: 'mobile', ios: 'mobile', android: 'mobile', reactnative: 'mobile', flutter: 'mobile', swift: 'mobile', iphone: 'mobile',
  data: 'data', datascience: 'data', ml: 'data', mlops: 'data', ai: 'data', llm: 'data', llms: 'data', nlp: 'data',
  analytics: 'data', bi: 'data', etl: 'data', agentic: 'data', inference: 'data',
  devops: 'devops', sre: 'devops', sres: 'devops', platform: 'devops', infrastructure: 'devops', infra: 'devops', cloud: 'devops',
  reliability: 'devops', sysadmin: 'devops', sysadmins: 'devops', network: 'devops', networking: 'devops', release: 'devops',
  production: 'devops', kubernetes: 'devops', dba: 'devops', techops: 'devops', itops: 'devops',
  embedded: 'other', firmware: 'other', hardware: 'other', electrical: 'other', mechanical: 'other', robotics: 'other',
  fpga: 'other', asic: 'other', silicon: 'other', rf: 'other', optical: 'other', security: 'other', appsec: 'other',
  infosec: 'other', cybersecurity: 'other', penetration: 'other', qa: 'other', test: 'other', tester: 'other', testers: 'other',
  testing: 'other', sdet: 'other', sdets: 'other', quality: 'other', game: 'other', games: 'other',
  gameplay: 'other', graphics: 'other', rendering: 'other', desktop: 'other', compiler: 'other', compilers: 'other',
  kernel: 'other', systems: 'other', cpp: 'other', gpu: 'other', cuda: 'other', simulation: 'other', controls: 'other',
  verification: 'other', validation: 'other', audio: 'other', dsp: 'other', blockchain: 'other', solidity: 'other',
  windows: 'other', linux: 'other', drivers: 'other', driver: 'other', perception: 'other', autonomy: 'other', avionics: 'other',
  mechatronics: 'other', manufacturing: 'other', unity: 'other', unreal: 'other', storage: 'other', performance: 'other',
};

/**
 * Kind words that name the job only right before its noun ("Analytics Engineer", "AI Engineer", "Systems
 * Engineer"), not elsewhere in a title ("Software Engineer - Digital Experience Analytics", "AI-native").
 */
export const WEAK_KIND_WORDS = new Set([
  'analytics', 'ai', 'agentic', 'llm', 'llms', 'inference', 'bi', 'etl', 'systems', 'production', 'release', 'network',
  'networking', 'test', 'testing', 'quality', 'automation', 'performance', 'storage', 'windows', 'linux', 'desktop', 'audio',
  'dsp', 'rendering', 'graphics', 'controls', 'simulation', 'validation', 'verification', 'perception', 'autonomy',
  'manufacturing', 'kernel', 'drivers', 'driver', 'compiler', 'compilers', 'gpu', 'cuda', 'blockchain', 'kubernetes',
  'reliability', 'api', 'apis', 'cloud', 'unity', 'unreal', 'cpp',
]);

/** Fields of engineering that are not software ("Procurement Engineer", "Civil Engineer"). */
export const NON_SOFTWARE_FIELDS = new Set([
  'procurement', 'civil', 'structural', 'chemical', 'process', 'sales', 'presales', 'solutions', 'solution', 'support',
  'customersuccess', 'customer', 'field', 'implementation', 'mep', 'hvac', 'biomedical', 'clinical', 'medical', 'marketing',
  'growth', 'recruiting', 'finance', 'legal', 'compliance', 'supply', 'logistics', 'warehouse', 'training', 'community',
  // Developers of something other than software: "Content Developer", "Curriculum Developer", "Property Developer".
  // Not "business": it also heads "Engineering and Business roles".
  'content', 'curriculum', 'instructional', 'educational', 'course', 'property', 'estate',
]);

/** Kind words that name a job on their own in a title position ("Backend", "iOS, Android", "DevOps"). */
export const STANDALONE_KINDS = new Set([
  'backend', 'fullstack', 'frontend', 'mobile', 'ios', 'android', 'reactnative', 'flutter', 'devops', 'sre', 'sres', 'datascience',
  'ml', 'mlops', 'infrastructure', 'infra', 'data', 'qa', 'security', 'embedded', 'firmware', 'hardware', 'sysadmin', 'platform',
]);

/** Server-side languages and frameworks: in a job title they make a backend job ("Python Developer"). */
export const BACKEND_TITLE_WORDS = new Set([
  'java', 'python', 'go', 'golang', 'ruby', 'rails', 'django', 'flask', 'fastapi', 'node', 'php', 'laravel', 'symfony',
  'elixir', 'phoenix', 'erlang', 'scala', 'clojure', 'haskell', 'dotnet', 'csharp', 'spring', 'jvm', 'perl', 'ocaml', 'fsharp',
  'nestjs', 'express', 'grails', 'groovy', 'kotlin', 'microservices', 'server', 'servers', 'services',
]);

/** Web UI languages and frameworks: in a job title they make a frontend job ("React Developer"). */
export const FRONTEND_TITLE_WORDS = new Set(['react', 'angular', 'angularjs', 'vue', 'svelte', 'ember', 'javascript', 'js', 'css', 'html', 'web3']);

/** Words that, before a job phrase in a sentence, make it an opening ("we're looking for …", "hiring …"). */
export const HIRING_CUES = new Set([
  'hiring', 'hire', 'hires', 'seeking', 'looking', 'searching', 'recruiting', 'openings', 'opening', 'positions', 'position',
  'roles', 'role', 'join', 'need', 'needs', 'want', 'wanted', 'apply', 'welcome', 'grow', 'growing', 'adding', 'add', 'expanding',
  'opportunity', 'opportunities', 'candidates', 'candidate', 'as',
]);

/** Blockers that a hiring cue overrides: "hiring a variety of engineers", "looking for engineers to build". */
export const WEAK_BLOCKERS = new Set(['of', 'for', 'to', 'by', 'from', 'many', 'all', 'every', 'most', 'like']);

/** A word right before a job phrase that makes it the existing team or someone else, not an opening. */
export const BLOCKERS_BEFORE = new Set([
  'our', 'their', 'your', 'other', 'with', 'alongside', 'ex', 'former', 'by', 'from', 'of', 'for', 'to', 'help', 'helps',
  'helping', 'enable', 'enables', 'empower', 'empowers', 'thousands', 'millions', 'fellow', 'existing', 'current', 'many',
  'most', 'every', 'all', 'where', 'whose', 'these', 'those', 'like', 'among',
]);

// ---------------------------------------------------------------- the work of a generic opening

/** Taxonomy categories and the side of the work they stand for. */
export const CATEGORY_SIDE: Record<string, Side> = {
  'backend-framework': 'server',
  database: 'server',
  messaging: 'server',
  api: 'server',
  frontend: 'ui',
  mobile: 'mobile',
  data: 'data',
  ml: 'data',
  containers: 'infra',
  iac: 'infra',
  'ci-cd': 'infra',
  observability: 'infra',
};

/** Technologies whose side their category does not say (languages, platforms, desktop toolkits). */
export const TECH_SIDE: Record<string, Side> = {
  java: 'server', python: 'none', go: 'server', ruby: 'server', php: 'server', elixir: 'server', erlang: 'server',
  scala: 'server', clojure: 'server', haskell: 'server', csharp: 'server', perl: 'server', ocaml: 'server', fsharp: 'server',
  groovy: 'server', nodejs: 'server', dotnet: 'server', aspnet: 'server', kotlin: 'none', sql: 'none', plsql: 'server',
  tsql: 'server', plpgsql: 'server', graphql: 'server', grpc: 'server', rest: 'server', microservices: 'server',
  html: 'ui', css: 'ui', sass: 'ui', less: 'ui', jsx: 'ui', elm: 'ui', clojurescript: 'ui', coffeescript: 'ui', purescript: 'ui',
  reasonml: 'ui', stylus: 'ui', haml: 'ui', pug: 'ui',
  swift: 'mobile', 'objective-c': 'mobile', dart: 'mobile',
  r: 'data', julia: 'data', sas: 'data', matlab: 'data',
  c: 'other', cpp: 'other', assembly: 'other', vhdl: 'other', verilog: 'other', 'hardware-description-language': 'other',
  fortran: 'other', ada: 'other', wpf: 'other', qt: 'other', electron: 'other', tauri: 'other', shaders: 'other',
  kubernetes: 'infra', docker: 'infra', terraform: 'infra', ansible: 'infra', linux: 'infra',
  // Everywhere in both kinds of code, so they place nothing by themselves.
  javascript: 'none', typescript: 'none', rust: 'none', aws: 'none', gcp: 'none',
  azure: 'none', git: 'none', github: 'none', agile: 'none',
};

/** Work words that place a generic opening (tested on the normalized text after the header). */
export const SIDE_WORDS: [RegExp, Side][] = [
  [/\bbackend\b|\bapis?\b|\bmicroservices?\b|\bserver\b/, 'server'],
  [/\bfrontend\b/, 'ui'],
  [/\bios\b|\bandroid\b|\bmobile app/, 'mobile'],
  [/\bcloud automation\b|\bkubernetes\b|\bdevops\b|\bsre\b|\binfrastructure as code\b/, 'infra'],
  [/\bdata (?:pipelines?|platforms?|infrastructure|warehouses?|engineering|ingestion|lakes?)\b|\bml\b|\bdatascience\b|\betl\b/, 'data'],
  [/\bfirmware\b|\bembedded\b|\bhardware\b|\bfpga\b|\brobot(?:s|ics)?\b|\bsensors?\b|\bwindows (?:store )?app/, 'other'],
];

/** Work that spans the stack in one opening. */
export const FULL_STACK_WORK = /\bfullstack (?:engineers?|developers?|work|role|development)\b|\bfeatures end[\s-]to[\s-]end\b|\bend[\s-]to[\s-]end (?:features?|product features?|web)|\bfrontend (?:and|&|\/|to) backend\b|\bbackend (?:and|&|\/|to) frontend\b|\bacross the (?:entire |whole |full )?stack\b|\bboth frontend and backend\b/;
