{{%AUTOESCAPE context="HTML"}}
{{! admin-history.tpl: the revisions of one record, newest first, each with the word differences of its change (and NOTE, what its author said: a draft sent back's comment); a form to compare two versions. }}
<h1>History of a {{ENTITY}}{{#EXISTS}}: {{LABEL}}{{/EXISTS}}</h1>
{{#DELETED}}<p class="message">This {{ENTITY}} is deleted. Restore one of its versions to bring it back.</p>
{{/DELETED}}
<p class="page-actions"><a href="{{BACK_URL}}">Back</a>{{#EXISTS}} <a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">Edit</a>{{/EXISTS}}</p>
{{#COMPARE}}<form method="get" action="/admin/compare" class="compare-form"><input type="hidden" name="type" value="{{TYPE}}"><input type="hidden" name="id" value="{{ID}}">
<fieldset><legend>Compare two versions</legend>
<p><label for="compare-from">From the version after</label> <select id="compare-from" name="from">{{#FROM_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TEXT}}</option>{{/FROM_OPTION}}</select></p>
<p><label for="compare-to">to</label> <select id="compare-to" name="to">{{#TO_LIVE}}<option value="live" selected>the live version</option>{{/TO_LIVE}}{{#TO_OPTION}}<option value="{{VALUE}}">the version after {{TEXT}}</option>{{/TO_OPTION}}</select></p>
<p><button type="submit">Compare</button></p>
</fieldset></form>
{{/COMPARE}}
<ol class="revisions">
{{#REVISION}}<li>
<p class="revision-head"><strong>{{ACTION}}</strong> by {{USERNAME}}, <span class="when"><time datetime="{{AT_ISO}}">{{AT}}</time></span> <span class="revision-id">(change {{ID}})</span></p>
{{#NOTE}}<blockquote class="revision-note"><p>{{TEXT:pre_escape}}</p></blockquote>
{{/NOTE}}{{>DIFF}}
<p class="revision-actions"><a href="/admin/revision?id={{ID}}">View this version<span class="visually-hidden"> (change {{ID}})</span></a>{{#LIVE}} <a href="/admin/compare?type={{TYPE}}&amp;id={{RECORD_ID}}&amp;from={{ID}}&amp;to=live">Compare with live<span class="visually-hidden"> (change {{ID}})</span></a>{{/LIVE}}{{#RESTORE_AFTER}} <a href="/admin/restore?revision={{ID}}">Restore the version after this change…<span class="visually-hidden"> (change {{ID}})</span></a>{{/RESTORE_AFTER}}{{#RESTORE_BEFORE}} <a href="/admin/restore?revision={{ID}}&amp;state=before">Restore the version before this change…<span class="visually-hidden"> (change {{ID}})</span></a>{{/RESTORE_BEFORE}}</p>
</li>
{{/REVISION}}</ol>
