/**
 * The guide's advice on a good case, as warnings that never block: a description that answers
 * Who, What, Where and When; a brief, specific subject; steps to reproduce and expected results on
 * an Application Issue; and no sensitive personal data pasted into a case. Pure and heuristic:
 * each check looks for the kinds of words the guide's model case uses.
 */
import type { CaseTypeDef } from './catalog/types.js';

export interface QualityWarning {
  field: string;
  code: 'description-who' | 'description-what' | 'description-where' | 'description-when' | 'subject-long' | 'subject-vague' | 'missing-steps' | 'missing-expected' | 'sensitive-data';
  message: string;
}

type Values = Record<string, unknown>;

const WHO = /\b(i|we|my|our|teachers?|students?|staff|users?|counselors?|parents?|guardians?|admins?|administrators?|principals?|secretar(y|ies)|registrars?|nurses?|everyone|nobody|none|all|anyone|district|clerks?|employees?|teams?|departments?)\b/i;
const PERSON = /\b[A-Z][a-z]+ [A-Z][a-z]+\b/;
const WHERE = /\b(school|campus|building|district|grade ?book|tool|screen|page|tab|report|module|calendar|course|section|classroom|portal|app|browser|server|window|menu|list|roster|attendance|scheduling|census|in [A-Z][\w-]+)\b/i;
const WHEN = /(\b\d{1,2}\/\d{1,2}(\/\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(:\d{2})?\s?(am|pm)\b|\b(today|yesterday|tonight|this (morning|afternoon|week|year)|last (night|week|month)|since|after|before|when|while|every|each|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|quarter|semester|term|q[1-4])\b)/i;
const VAGUE_SUBJECT = /^(help!*|issue|issues|problem|problems|question|urgent!*|bug|error|not working|broken|campus|campus (is )?(not working|down|broken)|please help|it'?s broken|asap|fix|request|support)\.?!*$/i;
const SUBJECT_BRIEF = 80;

const SSN = /\b(?!000|666|9\d\d)\d{3}[- ](?!00)\d{2}[- ](?!0000)\d{4}\b/;
const SSN_LABELLED = /\b(ssn|social security( number| no\.?)?)\b\D{0,20}\d{9}\b/i;
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
  if (SSN.test(text) || SSN_LABELLED.test(text)) return 'what looks like a Social Security number';
  if (PASSWORD.test(text)) return 'what looks like a password';
  const card = CARD.exec(text);
  if (card) {
    const digits = card[0].replace(/\D/g, '');
    if (digits.length >= 13 && luhn(digits)) return 'what looks like a payment card number';
  }
  return undefined;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function checkQuality(type: CaseTypeDef, values: Values): QualityWarning[] {
  const out: QualityWarning[] = [];
  const description = str(values.description).trim();
  const subject = str(values.subject).trim();

  if (description) {
    const words = description.split(/\s+/).length;
    if (words < 12) {
      out.push({ field: 'description', code: 'description-what', message: `Description has ${words} words; say what happens in more detail (the guide asks for Who, What, Where, When, Why and How)` });
    }
    if (!WHO.test(description) && !PERSON.test(description)) out.push({ field: 'description', code: 'description-who', message: 'Description does not say who is affected (for example: all teachers of one course, one student, everyone in the district)' });
    if (!WHERE.test(description)) out.push({ field: 'description', code: 'description-where', message: 'Description does not say where in Campus it happens (school, tool, screen or report)' });
    if (!WHEN.test(description)) out.push({ field: 'description', code: 'description-when', message: 'Description does not say when it happens or began (a date, a time, or "when they click Post")' });
  }

  if (subject) {
    if (subject.length > SUBJECT_BRIEF) out.push({ field: 'subject', code: 'subject-long', message: `Subject is ${subject.length} characters; keep it brief and specific (under ${SUBJECT_BRIEF}), with the details in the description` });
    if (VAGUE_SUBJECT.test(subject) || subject.split(/\s+/).length < 3) {
      out.push({ field: 'subject', code: 'subject-vague', message: `Subject "${subject}" is too vague to route; name the issue and the module, like "Teachers unable to post grades"` });
    }
  }

  if (type.id === 'application-issue') {
    if (!str(values.stepsToReproduce).trim()) out.push({ field: 'stepsToReproduce', code: 'missing-steps', message: 'Steps to Reproduce is empty; click-by-click steps let the vendor start right away' });
    if (!str(values.expectedResults).trim()) out.push({ field: 'expectedResults', code: 'missing-expected', message: 'Expected Results is empty; say what should happen instead' });
  }

  for (const f of type.fields) {
    const v = values[f.key];
    const texts = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    for (const t of texts) {
      const what = sensitive(t);
      if (what) {
        out.push({ field: f.key, code: 'sensitive-data', message: `${f.label} contains ${what}; remove it, cases are read by vendor staff (refer to the person by name or Campus ID instead)` });
        break;
      }
    }
  }
  return out;
}
