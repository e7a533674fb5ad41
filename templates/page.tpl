{{%AUTOESCAPE context="HTML"}}
{{!
  page.tpl: one page: breadcrumb, title, its summary as the lead, body
  (Markdown rendered by cmark in safe mode: the only unescaped value,
  see template.cc), then the page's programs, then the menu entries
  below it when it has no body, or when the header's menu shows only
  some of them; else, without a body, the pages below its path.
}}
{{#BREADCRUMB}}<nav class="breadcrumb" aria-label="Breadcrumb">
<ol>
<li><a href="/">Home</a></li>
{{#CRUMB}}<li><a href="{{HREF}}">{{LABEL}}</a></li>
{{/CRUMB}}<li><a href="{{PATH}}" aria-current="page">{{TITLE}}</a></li>
</ol>
</nav>
{{/BREADCRUMB}}
<article class="page">
<h1>{{TITLE}}</h1>
{{#LEAD}}<p class="page__lead">{{TEXT}}</p>
{{/LEAD}}{{#BODY}}<div class="page__body">
{{HTML:none}}
</div>
{{/BODY}}
{{#PROGRAMS}}<ul class="programs">
{{#PROGRAM}}<li class="program" id="program-{{ID}}">
<h2>{{>LINK}}{{#UNLINKED}}{{TITLE}}{{/UNLINKED}}</h2>
<p>{{DESCRIPTION}}</p>
</li>
{{/PROGRAM}}</ul>
{{/PROGRAMS}}
{{#CHILDREN}}<ul class="children">
{{#CHILD}}<li>{{>LINK}}{{#SUMMARY}}
<p>{{TEXT}}</p>{{/SUMMARY}}</li>
{{/CHILD}}</ul>
{{/CHILDREN}}
</article>
