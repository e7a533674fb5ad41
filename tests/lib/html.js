'use strict';
/*
 * tests/lib/html.js: reading the pages the server sends as a browser
 * would, with regular expressions (the pages come from our own
 * templates, so their shape is known): text, links, menus, programs,
 * and forms with the values a browser would submit.
 */

/* Text of HTML with character references decoded. */
function decode(s) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
    return named[e.toLowerCase()] ?? m;
  });
}

/* The visible text of HTML: tags dropped, references decoded, spaces collapsed. */
function textOf(html) {
  return decode(html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/* The attributes of a start tag's inside: { name: value } (decoded; a
 * bare attribute maps to ''). */
function attributes(s) {
  const out = {};
  for (const m of s.matchAll(/([^\s=>"'/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = m[1].toLowerCase();
    if (!(name in out)) out[name] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/* The inside of the <nav> whose aria-label is label, or null. */
function nav(html, label) {
  const m = new RegExp(`<nav\\b[^>]*aria-label="${label}"[^>]*>([\\s\\S]*?)</nav>`).exec(html);
  return m ? m[1] : null;
}

/* The links of some HTML: [{ href, current, label }] in document order. */
function anchors(html) {
  return [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)].map((m) => {
    const a = attributes(m[1]);
    return { href: a.href ?? '', current: a['aria-current'] ?? null, label: textOf(m[2]) };
  });
}

/*
 * The public main menu as [{ label, href, children: [{ label, href }] }]:
 * a link in a top-level <li> is a section, a link in an <li> within it
 * an entry.
 */
function mainMenu(html) {
  const inside = nav(html, 'Main');
  if (inside === null) throw new Error('no <nav aria-label="Main"> on the page');
  const sections = [];
  let depth = 0;
  for (const m of inside.matchAll(/<(\/?)(li|a)\b([^>]*)>([^<]*)/g)) {
    const [, close, tag, attrs, label] = m;
    if (tag === 'li') {
      depth += close ? -1 : 1;
    } else if (!close && depth > 0) {
      const [link] = anchors(`<a${attrs}>${label}</a>`);
      if (depth === 1) sections.push({ label: link.label, href: link.href, children: [] });
      else sections[sections.length - 1].children.push({ label: link.label, href: link.href });
    }
  }
  return sections;
}

/* The public footer menu as [{ label, href }]. */
function footerMenu(html) {
  const inside = nav(html, 'Footer');
  if (inside === null) throw new Error('no <nav aria-label="Footer"> on the page');
  return anchors(inside).map(({ label, href }) => ({ label, href }));
}

/* The programs of a public page as [{ id, title, href, description }]. */
function programs(html) {
  return [...html.matchAll(/<li class="program" id="program-(\d+)">([\s\S]*?)<\/li>/g)].map((m) => {
    const h2 = /<h2>([\s\S]*?)<\/h2>/.exec(m[2]);
    const p = /<p>([\s\S]*?)<\/p>/.exec(m[2]);
    const [link] = anchors(h2 ? h2[1] : '');
    return {
      id: m[1],
      title: textOf(h2 ? h2[1] : ''),
      href: link ? link.href : null,
      description: textOf(p ? p[1] : ''),
    };
  });
}

/* The <h1> text of a page, or null. */
function heading(html) {
  const m = /<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  return m ? textOf(m[1]) : null;
}

/*
 * The forms of a page: [{ action, method, fields: [[name, value]], html }]
 * where fields are what a browser submits without a click on a named
 * button: inputs (checkboxes only when checked), textareas (less the
 * newline right after the start tag, as HTML parsing drops it) and
 * selects (the selected option, else the first).
 */
function forms(html) {
  const out = [];
  for (const f of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const a = attributes(f[1]);
    const fields = [];
    const controls = /<input\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g;
    for (const c of f[2].matchAll(controls)) {
      if (c[1] !== undefined) {
        const i = attributes(c[1]);
        const type = (i.type || 'text').toLowerCase();
        if (!i.name || ['submit', 'button', 'image', 'reset', 'file'].includes(type)) continue;
        if ((type === 'checkbox' || type === 'radio') && !('checked' in i)) continue;
        fields.push([i.name, i.value ?? (type === 'checkbox' ? 'on' : '')]);
      } else if (c[2] !== undefined) {
        const t = attributes(c[2]);
        if (t.name) fields.push([t.name, decode(c[3].replace(/^\r?\n/, ''))]);
      } else {
        const s = attributes(c[4]);
        const options = [...c[5].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)]
          .map((o) => ({ attrs: attributes(o[1]), text: textOf(o[2]) }));
        const chosen = options.find((o) => 'selected' in o.attrs) ?? options[0];
        if (s.name && chosen) fields.push([s.name, chosen.attrs.value ?? chosen.text]);
      }
    }
    out.push({ action: a.action ?? '', method: (a.method || 'get').toLowerCase(), fields, html: f[0] });
  }
  return out;
}

/* The options of the select called name: [{ value, text, selected }]. */
function selectOptions(html, name) {
  const m = new RegExp(`<select\\b[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!m) return null;
  return [...m[1].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)].map((o) => {
    const a = attributes(o[1]);
    return { value: a.value ?? textOf(o[2]), text: textOf(o[2]), selected: 'selected' in a };
  });
}

/* html without the page's JSON-LD, layout.tpl's schema.org
 * BreadcrumbList: a script element whose text holds no "<" at all, so
 * that nothing in it can end the element or open another. Throws when
 * such an element holds anything but a BreadcrumbList. */
function withoutJsonLd(html) {
  return html.replace(/<script type="application\/ld\+json">([^<]*)<\/script>/g, (m, json) => {
    const type = JSON.parse(json)['@type'];
    if (type !== 'BreadcrumbList') throw new Error(`JSON-LD of @type ${type}, not the breadcrumb's`);
    return '';
  });
}

module.exports = {
  decode, textOf, attributes, nav, anchors, mainMenu, footerMenu, programs, heading, forms, selectOptions,
  withoutJsonLd,
};
