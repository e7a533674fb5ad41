-- runningcode seed content: the "How we work > Running code" section of
-- a standards body's site, modelled on the IETF's. Entries that belong to
-- other organisations link to their public sites; every other entry has
-- a page of its own here.

PRAGMA foreign_keys = ON;

BEGIN;

INSERT INTO page (id, path, title, summary, body) VALUES
 (1, '/', 'Internet Engineering Task Force',
  'The IETF makes the Internet work better by producing high-quality, relevant technical documents that influence the way people design, use, and manage the Internet.',
  'The mission of the IETF is to make the Internet work better by producing high quality, relevant technical documents that influence the way people design, use, and manage the Internet.'),
 (2, '/news-and-blog/', 'News & blog', 'News, blog posts and statements from the IETF.', ''),
 (3, '/blog/', 'Blog', 'Posts from IETF participants and leadership.', ''),
 (4, '/news/', 'News', 'Announcements from the IETF.', ''),
 (5, '/about/groups/iesg/statements/', 'IESG Statements', 'Statements of the Internet Engineering Steering Group.', ''),
 (6, '/contact/', 'Contact', 'How to reach the IETF.', ''),
 (7, '/tools/', 'Tools', 'Tools that support the work of the IETF.', ''),
 (8, '/tools/quick-links/', 'Quick links', 'Shortcuts to the most used IETF resources.', ''),
 (9, '/how/meetings/101/', 'IETF 101 London', 'The 101st IETF meeting, held in London.', ''),
 (10, '/tools/chairs/', 'WG chair resources', 'Resources for working group chairs.', ''),
 (11, '/about/', 'About', 'What the IETF is and how it is organised.', ''),
 (12, '/about/mission/', 'Mission and principles', 'The mission of the IETF and the principles it works by.', ''),
 (13, '/about/who/', 'Who we are', 'The people and organisations that make up the IETF.', ''),
 (14, '/about/groups/', 'Groups', 'The groups that do the work of the IETF.', ''),
 (15, '/about/participate/', 'Participate in the IETF', 'Anyone can take part in the IETF: how to get started.', ''),
 (16, '/about/support/', 'Support the IETF', 'Ways to support the work of the IETF.', ''),
 (17, '/topics/', 'Topics of interest', 'Areas of technology the IETF is working on.', ''),
 (18, '/topics/netmgmt/', 'Automated network management', 'Standards for managing networks automatically.', ''),
 (19, '/topics/iot/', 'The Internet of Things', 'Standards for connecting constrained devices to the Internet.', ''),
 (20, '/topics/transport/', 'New transport technology', 'New protocols that carry Internet traffic.', ''),
 (21, '/topics/areas/', 'IETF Areas', 'The areas into which the work of the IETF is organised.', ''),
 (22, '/how/', 'How we work', 'How the IETF develops Internet standards.', ''),
 (23, '/how/wgs/', 'Working groups', 'Working groups are where most IETF work happens.', ''),
 (24, '/how/lists/', 'Email lists', 'Most IETF discussion takes place on open email lists.', ''),
 (25, '/how/meetings/', 'Meetings and events', 'The IETF meets three times a year, with interim meetings in between.', ''),
 (26, '/how/runningcode/', 'Running code',
  'Implementation experience provides critical feedback to the standardization process.',
  'An unofficial motto of the IETF is, "We believe in rough consensus and running code." Implementation experience provides critical feedback to the standardization process.

IETF participants are encouraged to develop implementations of standards and pre-standard specifications before, during, and after the IETF standardization process. While many participants write code relevant to IETF standards on their own time for work or pleasure, the IETF also plays host to a number of activities to encourage participants develop, contribute, and promote code directly related to the IETF and IETF standards.'),
 (27, '/how/tools/', 'Online tools', 'Online tools for IETF participants.', ''),
 (28, '/how/community/', 'Community discussions', 'Where the IETF community discusses its work and itself.', ''),
 (29, '/standards/', 'Internet standards', 'The documents the IETF produces and how they are made.', ''),
 (30, '/standards/rfcs/', 'RFCs', 'The RFC series: the documents that specify Internet standards.', ''),
 (31, '/standards/ids/', 'Internet-Drafts', 'Working documents of the IETF.', ''),
 (32, '/standards/ipr/', 'Intellectual property rights', 'How the IETF handles intellectual property rights.', ''),
 (33, '/standards/process/', 'Standards process', 'How a specification becomes an Internet Standard.', ''),
 (34, '/how/runningcode/hackathons/', 'IETF Hackathons',
  'IETF Hackathons encourage developers to collaborate and develop utilities, ideas, sample code and solutions that show practical implementations of IETF standards.', ''),
 (35, '/how/runningcode/code-sprint/', 'Code Sprint',
  'IETF Code Sprints are organized by the Tools team to develop the tools that support the work of the IETF.', ''),
 (36, '/how/runningcode/codestand/', 'CodeStand',
  'The IETF CodeStand marketplace brings together students, researchers, professors, open source development communities, vendors with proprietary implementations, and consumers of code bases.', ''),
 (37, '/how/runningcode/implementation-reports/', 'Implementation reports',
  'This page provides implementation reports of a protocol specifications that have been considered for advancement to an Internet Standard.', ''),
 (38, '/privacy-statement/', 'Privacy policy', 'How this site handles personal data.', ''),
 (39, '/contact/feedback/', 'Website feedback', 'Tell us what works and what does not on this site.', '');

-- Main menu: eight sections, in order, with their entries.
INSERT INTO menu_entry (id, menu_id, parent_id, position, label, page_id, url) VALUES
 (1, 1, NULL, 1, 'News & blog', 2, NULL),
 (2, 1, NULL, 2, 'Contact', 6, NULL),
 (3, 1, NULL, 3, 'Search', NULL, '/search/'),
 (4, 1, NULL, 4, 'Tools', 7, NULL),
 (5, 1, NULL, 5, 'About', 11, NULL),
 (6, 1, NULL, 6, 'Topics of interest', 17, NULL),
 (7, 1, NULL, 7, 'How we work', 22, NULL),
 (8, 1, NULL, 8, 'Internet standards', 29, NULL),
 (10, 1, 1, 1, 'Blog', 3, NULL),
 (11, 1, 1, 2, 'News', 4, NULL),
 (12, 1, 1, 3, 'IESG Statements', 5, NULL),
 (20, 1, 4, 1, 'Quick links', 8, NULL),
 (21, 1, 4, 2, 'IETF Datatracker', NULL, 'https://datatracker.ietf.org/'),
 (22, 1, 4, 3, 'Email list archive search', NULL, 'https://mailarchive.ietf.org/arch/'),
 (23, 1, 4, 4, 'IETF 101 London', 9, NULL),
 (24, 1, 4, 5, 'WG chair resources', 10, NULL),
 (30, 1, 5, 1, 'Mission and principles', 12, NULL),
 (31, 1, 5, 2, 'Who we are', 13, NULL),
 (32, 1, 5, 3, 'Groups', 14, NULL),
 (33, 1, 5, 4, 'Participate in the IETF', 15, NULL),
 (34, 1, 5, 5, 'Support the IETF', 16, NULL),
 (40, 1, 6, 1, 'Automated network management', 18, NULL),
 (41, 1, 6, 2, 'The Internet of Things', 19, NULL),
 (42, 1, 6, 3, 'New transport technology', 20, NULL),
 (43, 1, 6, 4, 'IETF Areas', 21, NULL),
 (50, 1, 7, 1, 'Working groups', 23, NULL),
 (51, 1, 7, 2, 'Email lists', 24, NULL),
 (52, 1, 7, 3, 'Meetings and events', 25, NULL),
 (53, 1, 7, 4, 'Running code', 26, NULL),
 (54, 1, 7, 5, 'Online tools', 27, NULL),
 (55, 1, 7, 6, 'Community discussions', 28, NULL),
 (60, 1, 8, 1, 'RFCs', 30, NULL),
 (61, 1, 8, 2, 'Internet-Drafts', 31, NULL),
 (62, 1, 8, 3, 'Intellectual property rights', 32, NULL),
 (63, 1, 8, 4, 'Standards process', 33, NULL);

-- Footer menu: partner organisations, then this site's own pages.
INSERT INTO menu_entry (id, menu_id, parent_id, position, label, page_id, url) VALUES
 (100, 2, NULL, 1, 'RFC Editor', NULL, 'https://www.rfc-editor.org/'),
 (101, 2, NULL, 2, 'IANA', NULL, 'https://www.iana.org/'),
 (102, 2, NULL, 3, 'IAB', NULL, 'https://www.iab.org/'),
 (103, 2, NULL, 4, 'IAOC', NULL, 'https://www.ietf.org/about/administration/'),
 (104, 2, NULL, 5, 'IRTF', NULL, 'https://www.irtf.org/'),
 (105, 2, NULL, 6, 'IETF Trust', NULL, 'https://trustee.ietf.org/'),
 (106, 2, NULL, 7, 'Secretariat: AMS', NULL, 'https://www.amsl.com/'),
 (107, 2, NULL, 8, 'ISOC', NULL, 'https://www.internetsociety.org/'),
 (108, 2, NULL, 9, 'Privacy policy', 38, NULL),
 (109, 2, NULL, 10, 'Website feedback', 39, NULL);

-- Each program's text is the summary of the page it links to, kept there
-- once (an empty description shows it).
INSERT INTO program (page_id, position, title, description, link_page_id) VALUES
 (26, 1, 'IETF Hackathons', '', 34),
 (26, 2, 'Code Sprint', '', 35),
 (26, 3, 'CodeStand', '', 36),
 (26, 4, 'Implementation reports', '', 37);

COMMIT;
