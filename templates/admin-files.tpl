{{%AUTOESCAPE context="HTML"}}
{{!
  admin-files.tpl: the file library. The upload form (multipart): the
  file, its name and alternative text, kept with their errors when an
  upload is refused (REFUSED; FILE_ERROR, NAME_ERROR, ALT_ERROR); the
  search (QUERY); the files (FILE: its ROW, URL, SNIPPET, the Markdown
  that inserts it, IMAGE with its ALT, and where it is used: USED with
  COUNT and each LINK, or UNUSED).
}}
<h1>Files</h1>
{{#REFUSED}}<div class="error-summary" role="alert">
<h2>The file was not uploaded</h2>
<ul>{{#FILE_ERROR}}<li><a href="#f-file">File: {{MESSAGE}}</a></li>{{/FILE_ERROR}}{{#NAME_ERROR}}<li><a href="#f-name">Name: {{MESSAGE}}</a></li>{{/NAME_ERROR}}{{#ALT_ERROR}}<li><a href="#f-alt">Alternative text: {{MESSAGE}}</a></li>{{/ALT_ERROR}}</ul>
<p>Choose the file again: browsers do not keep a file between two sendings of a form.</p>
</div>
{{/REFUSED}}
<form class="admin-form upload-form" method="post" action="/admin/files" enctype="multipart/form-data">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<h2>Upload a file</h2>
<div class="field{{#FILE_ERROR}} field--error{{/FILE_ERROR}}">
<label for="f-file">File <abbr title="required">*</abbr>{{#FILE_ERROR}}
<span class="field-error"><span class="visually-hidden">Error:</span> {{MESSAGE}}</span>{{/FILE_ERROR}}</label>
<p class="hint" id="h-file">{{ACCEPTED}}; at most {{UPLOAD_MAX_MB}} MB. The type is read from the file's content, not its name.</p>
<input id="f-file" name="file" type="file" required aria-describedby="h-file" accept="image/png,image/jpeg,image/webp,image/svg+xml,application/pdf,text/plain">
</div>
<div class="field{{#NAME_ERROR}} field--error{{/NAME_ERROR}}">
<label for="f-name">Name{{#NAME_ERROR}}
<span class="field-error"><span class="visually-hidden">Error:</span> {{MESSAGE}}</span>{{/NAME_ERROR}}</label>
<p class="hint" id="h-name">How the library lists it; leave it empty for the file's own name.</p>
<input id="f-name" name="name" type="text" value="{{NAME}}" maxlength="200" aria-describedby="h-name">
</div>
<div class="field{{#ALT_ERROR}} field--error{{/ALT_ERROR}}">
<label for="f-alt">Alternative text{{#ALT_ERROR}}
<span class="field-error"><span class="visually-hidden">Error:</span> {{MESSAGE}}</span>{{/ALT_ERROR}}</label>
<p class="hint" id="h-alt">Required for an image: what it shows, for people who cannot see it.</p>
<textarea id="f-alt" name="alt" rows="2" aria-describedby="h-alt">{{ALT:pre_escape}}</textarea>
</div>
<button type="submit">Upload</button>
</form>
<h2>Library</h2>
<form class="list-search" method="get" action="/admin/files" role="search">
<label for="file-search">Find files by name, text or type</label>
<input id="file-search" name="q" type="search" value="{{QUERY}}" maxlength="200">
<button type="submit">Find</button>
</form>
<p class="list-count">The files take {{TOTAL_MB}} of {{TOTAL_MAX_MB}} MB.{{#NONE_FOUND}} No file matches.{{/NONE_FOUND}}</p>
<ul class="tree files" data-empty="No files yet.">{{#FILE}}<li class="file">{{#IMAGE}}<img class="file-preview" src="{{URL}}" alt="{{ALT}}" loading="lazy">{{/IMAGE}}
{{>ROW}}
<p class="file-address"><a href="{{URL}}">{{URL}}</a></p>
<p class="file-snippet">Markdown to insert it: <code>{{SNIPPET}}</code></p>
{{#USED}}<details class="file-uses"><summary>Used in {{COUNT}} place(s)</summary>
<ul>{{#LINK}}<li><a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">{{LABEL}}</a>: {{WHERE}}</li>
{{/LINK}}</ul></details>{{/USED}}{{#UNUSED}}<p class="file-uses">Not used on any page.</p>{{/UNUSED}}
</li>
{{/FILE}}</ul>
