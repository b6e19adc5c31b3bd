// Forms built from ground truth for rule tests: fixtures/seed-forms.json parsed with FormSchema,
// with the pages the pdfkit generator recorded. A fresh deep copy on every call.
import { FormSchema, type FileResult, type Form } from '../../src/model/schema.js';
import { loadJson } from './truth.js';

export function seedForms(): Form[] {
  const forms = loadJson<Omit<Form, 'pages'>[]>('seed-forms.json');
  const pages = loadJson<number[][]>('seed-pdfkit.pages.json');
  return forms.map((f, k) => FormSchema.parse({ ...f, pages: pages[k] }));
}

/** A file result holding the given forms, as extraction would return it. */
export const resultOf = (forms: Form[], file = 'seed.pdf'): FileResult => ({ file, pageCount: forms.length * 2, forms, errors: [] });
