/* runningcode site script: the main menu, made better where scripts run.
 *
 * Without it everything works already: on a phone the header's "Menu"
 * link targets #site-menu, which CSS shows (its "Close menu" link hides
 * it again); on a desktop each section's entries show on hover and
 * while keyboard focus is inside the section (:focus-within).
 *
 * With it:
 *  - on a phone, "Menu" becomes a button with aria-expanded that shows
 *    and hides the menu under the header; Escape closes it and puts focus
 *    back on the button;
 *  - on a desktop, each section with entries gets a toggle button (its
 *    chevron) with aria-expanded, which always says whether the entries
 *    show. They still show on hover and keyboard focus; the toggle opens
 *    and closes them, and Escape closes them (focus goes to the toggle),
 *    as content shown on hover or focus must be dismissible (WCAG 1.4.13).
 *
 * No dependencies; loaded with defer, so the document is parsed.
 */
(function () {
  'use strict';

  var nav = document.getElementById('site-menu');
  var link = document.querySelector('a.menu-toggle[href="#site-menu"]');
  if (!nav || !link || !nav.classList || !window.matchMedia || !window.getComputedStyle) {
    return;
  }
  // The same breakpoint as site.css's desktop layout.
  var desktop = window.matchMedia('(min-width: 62em)');
  var sections = [];

  nav.classList.add('site-menu--js');

  /* ------------------------------------------------------------ phone */

  var toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = link.className;
  toggle.textContent = link.textContent;
  toggle.setAttribute('aria-controls', nav.id);
  toggle.setAttribute('aria-expanded', 'false');
  link.parentNode.replaceChild(toggle, link);

  function isOpen() {
    return toggle.getAttribute('aria-expanded') === 'true';
  }

  function setOpen(open) {
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      nav.classList.add('site-menu--open');
    } else {
      nav.classList.remove('site-menu--open');
    }
  }

  toggle.addEventListener('click', function () {
    setOpen(!isOpen());
  });

  // The address of the menu (#site-menu), on arrival or by a link to it:
  // open.
  function onHash() {
    if (window.location.hash === '#' + nav.id) {
      setOpen(true);
    }
  }
  onHash();
  window.addEventListener('hashchange', onHash);

  /* ---------------------------------------------------------- desktop */

  function shown(s) {
    return window.getComputedStyle(s.entries).display !== 'none';
  }

  // aria-expanded says what the screen shows, whatever opened it.
  function say(s, isShown) {
    s.button.setAttribute('aria-expanded', isShown ? 'true' : 'false');
  }

  function sync(s) {
    say(s, shown(s));
  }

  // Every section read before any is written: a write between two reads
  // would make the browser recompute the styles once per section.
  function syncAll() {
    var states = [];
    var i;
    for (i = 0; i < sections.length; i++) {
      states.push(shown(sections[i]));
    }
    for (i = 0; i < sections.length; i++) {
      say(sections[i], states[i]);
    }
  }

  function forget(s) {
    s.li.classList.remove('site-menu__section--open');
    s.li.classList.remove('site-menu__section--closed');
  }

  function close(s) {
    s.li.classList.remove('site-menu__section--open');
    s.li.classList.add('site-menu__section--closed');
    sync(s);
  }

  function open(s) {
    s.li.classList.remove('site-menu__section--closed');
    s.li.classList.add('site-menu__section--open');
    sync(s);
  }

  function enhance(li, index) {
    var entries = li.querySelector('.site-menu__entries');
    var first = li.firstElementChild;
    if (!entries || !first || first.tagName !== 'A') {
      return;
    }
    if (!entries.id) {
      entries.id = 'site-menu-entries-' + (index + 1);
    }
    var button = document.createElement('button');
    var label = document.createElement('span');
    button.type = 'button';
    button.className = 'site-menu__expand';
    button.setAttribute('aria-controls', entries.id);
    button.setAttribute('aria-expanded', 'false');
    label.className = 'visually-hidden';
    label.textContent = 'More ' + first.textContent + ' pages';
    button.appendChild(label);
    li.insertBefore(button, first.nextSibling);

    var s = { li: li, entries: entries, button: button };
    sections.push(s);

    button.addEventListener('click', function () {
      if (shown(s)) {
        close(s);
      } else {
        open(s);
      }
    });
    li.addEventListener('focusin', function () {
      sync(s);
    });
    li.addEventListener('focusout', function (event) {
      // Focus left the section: back to hover and focus deciding.
      if (!event.relatedTarget || !li.contains(event.relatedTarget)) {
        forget(s);
      }
      window.setTimeout(function () {
        sync(s);
      }, 0);
    });
    li.addEventListener('mouseenter', function () {
      // Pointing at it anew shows it again after Escape or the toggle.
      if (!li.contains(document.activeElement)) {
        forget(s);
      }
      sync(s);
    });
    li.addEventListener('mouseleave', function () {
      sync(s);
    });
  }

  var items = nav.querySelectorAll('.site-menu__section');
  for (var i = 0; i < items.length; i++) {
    enhance(items[i], i);
  }
  syncAll();

  function onResize() {
    if (desktop.matches) {
      setOpen(false);
    }
    syncAll();
  }
  if (desktop.addEventListener) {
    desktop.addEventListener('change', onResize);
  } else if (desktop.addListener) {
    desktop.addListener(onResize);
  }

  /* ----------------------------------------------------------- Escape */

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' && event.key !== 'Esc') {
      return;
    }
    if (!desktop.matches) {
      if (isOpen()) {
        setOpen(false);
        toggle.focus();
        event.preventDefault();
      }
      return;
    }
    for (var j = 0; j < sections.length; j++) {
      var s = sections[j];
      var focusInside = s.li.contains(document.activeElement);
      if ((focusInside || s.li.matches(':hover')) && shown(s)) {
        close(s);
        if (focusInside) {
          s.button.focus();
        }
        event.preventDefault();
      }
    }
  });
}());
