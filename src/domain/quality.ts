/**
 * The guide's advice on a good case, as warnings that never block: a description that answers the
 * six questions the guide asks (Who, What, Where, When, Why and How) as far as they fit the case
 * type (a Modify Support Contacts request is not asked where in Campus); a brief, specific subject;
 * on an Application Issue every field the guide's model case answers (Steps to Reproduce,
 * Environment Changes, Who is impacted?, Issue Began, Expected Results), and steps that are more than
 * one vague line; on a Server Issue its Error Message and Issue Began; on a High case the urgency and
 * due dates the case process asks of time-sensitive issues; and no sensitive personal data pasted
 * into a case. Pure and heuristic: each check looks for the kinds of words the guide's
 * model case uses, and a field of the type that answers a question answers it.
 */
import type { CaseTypeDef } from './catalog/types.js';
import { count } from './text.js';

export type Question = 'who' | 'what' | 'where' | 'when' | 'why' | 'how';

export interface QualityWarning {
  field: string;
  code:
    | `description-${Question}`
    | 'subject-long'
    | 'subject-vague'
    | 'missing-steps'
    | 'missing-expected'
    | 'missing-environment'
    | 'missing-who-impacted'
    | 'missing-issue-began'
    | 'missing-error-message'
    | 'steps-vague'
    | 'high-urgency'
    | 'sensitive-data';
  message: string;
}

type Values = Record<string, unknown>;

const WHO =
  /\b(i|we|my|our|teachers?|students?|staff|users?|counselors?|parents?|guardians?|admins?|administrators?|principals?|secretar(y|ies)|registrars?|nurses?|everyone|nobody|none|all|anyone|district|clerks?|employees?|teams?|departments?)\b/i;
const PERSON = /\b[A-Z][a-z]+ [A-Z][a-z]+\b/;
const WHERE =
  /\b(school|campus|building|district|grade ?book|tool|screen|page|tab|report|module|calendar|course|section|classroom|portal|app|browser|server|window|menu|list|roster|attendance|scheduling|census|in [A-Z][\w-]+)\b/i;
const WHEN =
  /(\b\d{1,2}\/\d{1,2}(\/\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(:\d{2})?\s?(am|pm)\b|\b(today|yesterday|tonight|this (morning|afternoon|week|year)|last (night|week|month)|since|after|before|when|while|every|each|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|quarter|semester|term|q[1-4])\b)/i;
const WHY =
  /\b(because|since|so (that|we|they|it|teachers|students|staff)|in order to|due to|needs?|needed|required?|requires|should|expected|instead|purpose|reason|goal|retir(e|es|ed|ing|ement)|replac(e|es|ed|ing|ement)|new (hire|staff|teachers?|contact)|leaving|left the district)\b/i;
const HOW =
  /\b(click(s|ed|ing)?|select(s|ed|ing)?|open(s|ed|ing)?|go(es)? to|navigat\w*|run(s|ning)?|ran|log(s|ged)? ?in|sign(s|ed)? ?in|tr(y|ies|ied|ying)|using|via|enter(s|ed|ing)?|typ(e|es|ed|ing)|submit\w*|load\w*|print\w*|import\w*|export\w*|deleted|removed|overwr\w*|steps?)\b/i;
const VAGUE_SUBJECT =
  /^(help!*|issue|issues|problem|problems|question|urgent!*|bug|error|not working|broken|campus|campus (is )?(not working|down|broken)|please help|it'?s broken|asap|fix|request|support)\.?!*$/i;
const SUBJECT_BRIEF = 80;

const SSN = /\b(?!000|666|9\d\d)\d{3}[- ](?!00)\d{2}[- ](?!0000)\d{4}\b/;
const SSN_LABELED = /\b(ssn|social security( number| no\.?)?)\b\D{0,20}\d{9}\b/i;
const PASSWORD = /\b(password|passwd|pwd)\s*(is|:|=)\s*\S+/i;
const CARD = /\b(?:\d[ -]?){13,19}\b/;

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function sensitive(text: string): string | undefined {
  if (SSN.test(text) || SSN_LABELED.test(text)) return 'what looks like a Social Security number';
  if (PASSWORD.test(text)) return 'what looks like a password';
  const card = CARD.exec(text);
  if (card) {
    const digits = card[0].replace(/\D/g, '');
    if (digits.length >= 13 && luhn(digits)) return 'what looks like a payment card number';
  }
  return undefined;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Which of the six questions the guide asks fit each case type, and the fields of the type that
 * answer one (a filled field answers it; otherwise the description should). Types not listed
 * (a portal's own) are asked What only.
 */
const QUESTIONS: Record<string, Partial<Record<Question, string[]>>> = {
  'application-issue': {
    who: ['whoIsImpacted'],
    what: [],
    where: [],
    when: ['issueBegan'],
    why: ['expectedResults'],
    how: ['stepsToReproduce'],
  },
  'ask-a-question': { who: [], what: [], where: ['locationWithinProduct'] },
  'report-an-outage': { who: [], what: [], where: [], when: [], how: ['errorMessage'] },
  'request-training': { who: [], what: [], why: [] },
  'data-restore': {
    what: [],
    where: [],
    when: ['approximateDateOfLoss'],
    why: ['reasonForRestore'],
    how: ['reasonForRestore'],
  },
  'server-issue': { what: [], where: [], when: ['issueBegan'], how: ['errorMessage'] },
  'server-access': { who: [], what: [], why: [] },
  'modify-support-contacts': {
    who: ['contactFirstName', 'contactLastName'],
    what: [],
    why: ['contactReplacementName'],
  },
  'request-consulting': { who: [], what: [], why: [] },
  'request-technical-services': { what: [], where: [], when: ['desiredCompletionDate'], why: [] },
};

const ASK: Record<Question, string> = {
  who: 'Description does not say who is affected or who it is for (for example: all teachers of one course, one student, the counselors)',
  what: '',
  where: 'Description does not say where in Campus it happens (school, tool, screen or report)',
  when: 'Description does not say when it happens or began (a date, a time, or "when they click Post")',
  why: 'Description does not say why: what should happen instead, or what the request is for',
  how: 'Description does not say how it happens: what is clicked or run when it goes wrong',
};

function answered(q: Question, text: string): boolean {
  switch (q) {
    case 'who':
      return WHO.test(text) || PERSON.test(text);
    case 'where':
      return WHERE.test(text);
    case 'when':
      return WHEN.test(text);
    case 'why':
      return WHY.test(text);
    case 'how':
      return HOW.test(text);
    case 'what':
      return true;
  }
}

/** Fields of the guide's model Application Issue that a well-written case answers, beyond Description. */
const MODEL_FIELDS: { key: string; code: QualityWarning['code']; message: string }[] = [
  {
    key: 'stepsToReproduce',
    code: 'missing-steps',
    message: 'Steps to Reproduce is empty; click-by-click steps let the vendor start right away',
  },
  {
    key: 'environmentChanges',
    code: 'missing-environment',
    message:
      'Environment Changes is empty; say whether anything changed recently (new software, tool rights, a version update), or "None"',
  },
  {
    key: 'whoIsImpacted',
    code: 'missing-who-impacted',
    message: 'Who is impacted? is empty; give the scope (all users in the district, all teachers of a course, …)',
  },
  {
    key: 'issueBegan',
    code: 'missing-issue-began',
    message: 'Issue Began is empty; give the date the issue first occurred',
  },
  {
    key: 'expectedResults',
    code: 'missing-expected',
    message: 'Expected Results is empty; say what should happen instead',
  },
];

/** The fields a Server Issue is worked from: what the server says, and since when. */
const SERVER_FIELDS: typeof MODEL_FIELDS = [
  {
    key: 'errorMessage',
    code: 'missing-error-message',
    message: 'Error Message is empty; paste the exact error the server or the browser shows, or "None"',
  },
  {
    key: 'issueBegan',
    code: 'missing-issue-began',
    message: 'Issue Began is empty; give the date the issue first occurred',
  },
];

/**
 * Steps that are one line of few words, or one line that names no action: the guide's model gives
 * each click on its own numbered line.
 */
function vagueSteps(steps: string): boolean {
  const lines = steps.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length !== 1) return false;
  const words = lines[0]!.trim().split(/\s+/).length;
  return words < 8 || !HOW.test(lines[0]!);
}

/** Words of urgency or a due date, as the case process asks of time-sensitive issues. */
const URGENCY =
  /(\b\d{1,2}\/\d{1,2}(\/\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b|\b(due|deadline|urgent(ly)?|asap|no later than|by (the end|end of|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|noon|\d)|before (monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|the|\d)|tomorrow|tonight|time-sensitive)\b)/i;

/** How the subject is made specific, by what the case type has: an outage names what is down. */
function subjectExample(type: CaseTypeDef): string {
  if (type.id === 'report-an-outage')
    return 'say what is down and for whom, like "Campus sign-in fails at every school"';
  if (type.fields.some((f) => f.key === 'module'))
    return 'name the issue and the module, like "Teachers unable to post grades"';
  return 'name the issue, like "New counselor needs a support contact"';
}

export function checkQuality(type: CaseTypeDef, values: Values): QualityWarning[] {
  const out: QualityWarning[] = [];
  const description = str(values.description).trim();
  const subject = str(values.subject).trim();
  const has = (key: string): boolean => {
    const v = Object.hasOwn(values, key) ? values[key] : undefined;
    return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && String(v).trim() !== '';
  };

  if (description) {
    const words = description.split(/\s+/).length;
    if (words < 12) {
      out.push({
        field: 'description',
        code: 'description-what',
        message: `Description has ${count(words, 'word')}; say what happens in more detail (the guide asks for Who, What, Where, When, Why and How)`,
      });
    }
    const asked = QUESTIONS[type.id] ?? { what: [] };
    const text = `${subject}\n${description}`;
    for (const q of ['who', 'where', 'when', 'why', 'how'] as const) {
      const fields = asked[q];
      if (!fields) continue;
      if (fields.some((k) => type.fields.some((f) => f.key === k) && has(k))) continue;
      if (!answered(q, text)) out.push({ field: 'description', code: `description-${q}`, message: ASK[q] });
    }
  }

  if (subject) {
    if (subject.length > SUBJECT_BRIEF)
      out.push({
        field: 'subject',
        code: 'subject-long',
        message: `Subject is ${count(subject.length, 'character')}; keep it brief and specific (under ${SUBJECT_BRIEF}), with the details in the description`,
      });
    if (VAGUE_SUBJECT.test(subject) || subject.split(/\s+/).length < 3) {
      out.push({
        field: 'subject',
        code: 'subject-vague',
        message: `Subject "${subject}" is too vague to route; ${subjectExample(type)}`,
      });
    }
  }

  const expected = type.id === 'application-issue' ? MODEL_FIELDS : type.id === 'server-issue' ? SERVER_FIELDS : [];
  for (const m of expected)
    if (type.fields.some((f) => f.key === m.key) && !has(m.key))
      out.push({ field: m.key, code: m.code, message: m.message });
  const steps = str(values.stepsToReproduce).trim();
  if (steps && type.fields.some((f) => f.key === 'stepsToReproduce') && vagueSteps(steps))
    out.push({
      field: 'stepsToReproduce',
      code: 'steps-vague',
      message:
        'Steps to Reproduce is one short line; give each click on its own line, in order (like "1. Log in as teacher Anne Shirley 2. Go to Grade Book for 1100-1 3. Click Post")',
    });
  if (str(values.priority).trim().toLowerCase() === 'high' && !URGENCY.test(`${subject}\n${description}`))
    out.push({
      field: 'description',
      code: 'high-urgency',
      message:
        'Priority is High: say how urgent it is and any due date (the case process asks for the urgency, impact and due dates of time-sensitive issues)',
    });

  for (const f of type.fields) {
    const v = Object.hasOwn(values, f.key) ? values[f.key] : undefined;
    const texts =
      typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    for (const t of texts) {
      const what = sensitive(t);
      if (what) {
        out.push({
          field: f.key,
          code: 'sensitive-data',
          message: `${f.label} contains ${what}; remove it, cases are read by vendor staff (refer to the person by name or Campus ID instead)`,
        });
        break;
      }
    }
  }
  return out;
}
