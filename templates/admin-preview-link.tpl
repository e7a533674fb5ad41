{{%AUTOESCAPE context="HTML"}}
{{! admin-preview-link.tpl: a preview link just made, shown this once
    (only its hash is kept): the address to send, until when it works. }}
<h1>Preview link made</h1>
<p class="message" role="status">Anyone with this address sees the draft of the {{ENTITY}} “{{LABEL}}” as visitors will, marked as a preview, until <time datetime="{{UNTIL_ISO}}">{{UNTIL}}</time>, or until you revoke the link or the draft is published or discarded. It is shown only now: copy it and send it to the reviewer.</p>
<div class="field">
<label for="preview-link">Preview link</label>
<input id="preview-link" type="text" value="{{HREF}}" readonly>
</div>
<p><a href="{{HREF}}" target="_blank">Open the preview (opens a new tab)</a> · <a href="{{BACK_URL}}">Back to the {{ENTITY}}</a></p>
