// The Html module F# cells of .NET Interactive had (`open Html`, then `div [] [str "…"]`, `_class "x"`): the same names
// and shapes, written for this kernel. Elements are PocketViews, so they display through the Formatter registry as
// every other HTML value does. Evaluated in a session on the first cell that names `Html` (FSharpInterpreter).
module Html =
    open Microsoft.AspNetCore.Html
    open Microsoft.DotNet.Interactive.Formatting

    /// An attribute: its name and its value.
    type HtmlAttribute = string * obj

    /// Text that is HTML-encoded when written, or any value written as its text, encoded.
    type internal EncodedText(text: string) =
        override _.ToString() = text
        interface IHtmlContent with
            member _.WriteTo(writer, encoder) = encoder.Encode(writer, text)

    /// Tag functions: `name attributes content`, as .NET Interactive's F# kernel wrote them.
    [<AutoOpen>]
    module HtmlElements =
        let private element (name: string) (attributes: HtmlAttribute list) (content: obj list) : IHtmlContent =
            let view = PocketView(name)
            for (key, value) in attributes do view.HtmlAttributes.[key] <- value
            if not content.IsEmpty then view.SetContent(List.toArray content)
            view :> IHtmlContent

        let a attrs content = element "a" attrs content
        let area attrs content = element "area" attrs content
        let aside attrs content = element "aside" attrs content
        let b attrs content = element "b" attrs content
        let br attrs content = element "br" attrs content
        let button attrs content = element "button" attrs content
        let caption attrs content = element "caption" attrs content
        let center attrs content = element "center" attrs content
        let code attrs content = element "code" attrs content
        let colgroup attrs content = element "colgroup" attrs content
        let dd attrs content = element "dd" attrs content
        let details attrs content = element "details" attrs content
        let div attrs content = element "div" attrs content
        let dl attrs content = element "dl" attrs content
        let dt attrs content = element "dt" attrs content
        let em attrs content = element "em" attrs content
        let figure attrs content = element "figure" attrs content
        let font attrs content = element "font" attrs content
        let form attrs content = element "form" attrs content
        let h1 attrs content = element "h1" attrs content
        let h2 attrs content = element "h2" attrs content
        let h3 attrs content = element "h3" attrs content
        let h4 attrs content = element "h4" attrs content
        let h5 attrs content = element "h5" attrs content
        let h6 attrs content = element "h6" attrs content
        let head attrs content = element "head" attrs content
        let header attrs content = element "header" attrs content
        let hgroup attrs content = element "hgroup" attrs content
        let hr attrs content = element "hr" attrs content
        let i attrs content = element "i" attrs content
        let iframe attrs content = element "iframe" attrs content
        let img attrs content = element "img" attrs content
        let input attrs content = element "input" attrs content
        let label attrs content = element "label" attrs content
        let li attrs content = element "li" attrs content
        let link attrs content = element "link" attrs content
        let main attrs content = element "main" attrs content
        let menu attrs content = element "menu" attrs content
        let menuitem attrs content = element "menuitem" attrs content
        let meta attrs content = element "meta" attrs content
        let meter attrs content = element "meter" attrs content
        let nav attrs content = element "nav" attrs content
        let ol attrs content = element "ol" attrs content
        let optgroup attrs content = element "optgroup" attrs content
        let option attrs content = element "option" attrs content
        let p attrs content = element "p" attrs content
        let pre attrs content = element "pre" attrs content
        let progress attrs content = element "progress" attrs content
        let q attrs content = element "q" attrs content
        let script attrs content = element "script" attrs content
        let section attrs content = element "section" attrs content
        let select attrs content = element "select" attrs content
        let small attrs content = element "small" attrs content
        let source attrs content = element "source" attrs content
        let span attrs content = element "span" attrs content
        let strike attrs content = element "strike" attrs content
        let style attrs content = element "style" attrs content
        let strong attrs content = element "strong" attrs content
        let sub attrs content = element "sub" attrs content
        let sup attrs content = element "sup" attrs content
        let svg attrs content = element "svg" attrs content
        let table attrs content = element "table" attrs content
        let tbody attrs content = element "tbody" attrs content
        let td attrs content = element "td" attrs content
        let textarea attrs content = element "textarea" attrs content
        let tfoot attrs content = element "tfoot" attrs content
        let th attrs content = element "th" attrs content
        let thead attrs content = element "thead" attrs content
        let title attrs content = element "title" attrs content
        let tr attrs content = element "tr" attrs content
        let u attrs content = element "u" attrs content
        let ul attrs content = element "ul" attrs content
        let video attrs content = element "video" attrs content

        /// Text, HTML-encoded.
        let encodedText (text: string) = EncodedText text :> IHtmlContent
        /// Text, HTML-encoded (the short name).
        let str (text: string) = encodedText text
        /// HTML written as it is.
        let rawText (html: string) = HtmlString html :> IHtmlContent
        /// An element of any tag name.
        let custom (name: string) attrs content = element name attrs content
        /// Any value: HTML content as it is, anything else as its text, encoded.
        let embedNoContext (value: obj) =
            match value with
            | :? IHtmlContent as html -> html
            | _ -> EncodedText(string value) :> IHtmlContent

    /// Attribute helpers: `_name value`.
    [<AutoOpen>]
    module HtmlAttributes =
        let private text name (value: string) : HtmlAttribute = name, box value
        let private flag name (value: bool) : HtmlAttribute = name, box value
        let private number name (value: float) : HtmlAttribute = name, box value

        let _defaultChecked v = flag "defaultChecked" v
        let _defaultValue v = text "defaultValue" v
        let _accept v = text "accept" v
        let _acceptCharset v = text "acceptCharset" v
        let _accessKey v = text "accessKey" v
        let _action v = text "action" v
        let _allowFullScreen v = flag "allowFullScreen" v
        let _allowTransparency v = flag "allowTransparency" v
        let _alt v = text "alt" v
        let _async v = flag "async" v
        let _autoComplete v = text "autoComplete" v
        let _autoFocus v = flag "autoFocus" v
        let _autoPlay v = flag "autoPlay" v
        let _capture v = flag "capture" v
        let _cellPadding v = text "cellPadding" v
        let _cellSpacing v = text "cellSpacing" v
        let _charSet v = text "charSet" v
        let _challenge v = text "challenge" v
        let _checked v = flag "checked" v
        let _classID v = text "classID" v
        let _class v = text "class" v
        let _cols v = number "cols" v
        let _colSpan v = number "colSpan" v
        let _content v = text "content" v
        let _contentEditable v = flag "contentEditable" v
        let _contextMenu v = text "contextMenu" v
        let _controls v = flag "controls" v
        let _coords v = text "coords" v
        let _crossOrigin v = text "crossOrigin" v
        let _ddata v = text "ddata" v
        let _dateTime v = text "dateTime" v
        let _default v = flag "default" v
        let _defer v = flag "defer" v
        let _dir v = text "dir" v
        let _disabled v = flag "disabled" v
        let _download v = text "download" v
        let _draggable v = flag "draggable" v
        let _encType v = text "encType" v
        let _form v = text "form" v
        let _formAction v = text "formAction" v
        let _formEncType v = text "formEncType" v
        let _formMethod v = text "formMethod" v
        let _formNoValidate v = flag "formNoValidate" v
        let _formTarget v = text "formTarget" v
        let _frameBorder v = text "frameBorder" v
        let _headers v = text "headers" v
        let _height v = text "height" v
        let _hidden v = flag "hidden" v
        let _high v = number "high" v
        let _href v = text "href" v
        let _hrefLang v = text "hrefLang" v
        let _htmlFor v = text "htmlFor" v
        let _httpEquiv v = text "httpEquiv" v
        let _icon v = text "icon" v
        let _id v = text "id" v
        let _inputMode v = text "inputMode" v
        let _integrity v = text "integrity" v
        let _is v = text "is" v
        let _keyParams v = text "keyParams" v
        let _keyType v = text "keyType" v
        let _kind v = text "kind" v
        let _label v = text "label" v
        let _lang v = text "lang" v
        let _language v = text "language" v
        let _list v = text "list" v
        let _loop v = flag "loop" v
        let _low v = number "low" v
        let _manifest v = text "manifest" v
        let _marginHeight v = number "marginHeight" v
        let _marginWidth v = number "marginWidth" v
        let _max v = text "max" v
        let _maxLength v = number "maxLength" v
        let _media v = text "media" v
        let _mediaGroup v = text "mediaGroup" v
        let _method v = text "method" v
        let _min v = text "min" v
        let _minLength v = number "minLength" v
        let _multiple v = flag "multiple" v
        let _muted v = flag "muted" v
        let _name v = text "name" v
        let _noValidate v = flag "noValidate" v
        let _onMouseOut v = text "onmouseout" v
        let _onMouseOver v = text "onmouseover" v
        let _open v = flag "open" v
        let _optimum v = number "optimum" v
        let _pattern v = text "pattern" v
        let _placeholder v = text "placeholder" v
        let _poster v = text "poster" v
        let _preload v = text "preload" v
        let _radioGroup v = text "radioGroup" v
        let _readOnly v = flag "readOnly" v
        let _rel v = text "rel" v
        let _required v = flag "required" v
        let _role v = text "role" v
        let _rows v = number "rows" v
        let _rowSpan v = number "rowSpan" v
        let _sandbox v = text "sandbox" v
        let _scope v = text "scope" v
        let _scoped v = flag "scoped" v
        let _scrolling v = text "scrolling" v
        let _seamless v = flag "seamless" v
        let _selected v = flag "selected" v
        let _shape v = text "shape" v
        let _size v = number "size" v
        let _sizes v = text "sizes" v
        let _span v = number "span" v
        let _spellCheck v = flag "spellCheck" v
        let _src v = text "src" v
        let _srcDoc v = text "srcDoc" v
        let _srcLang v = text "srcLang" v
        let _srcSet v = text "srcSet" v
        let _start v = number "start" v
        let _step v = text "step" v
        /// Style declarations, joined by spaces.
        let _style (declarations: string list) = text "style" (String.concat " " declarations)
        let _summary v = text "summary" v
        let _tabIndex v = number "tabIndex" v
        let _target v = text "target" v
        let _title v = text "title" v
        let _type v = text "type" v
        let _useMap v = text "useMap" v
        let _value v = text "value" v
        let _width v = text "width" v
        let _wmode v = text "wmode" v
        let _wrap v = text "wrap" v
        let _about v = text "about" v
        let _datatype v = text "datatype" v
        let _inlist v = text "inlist" v
        let _prefix v = text "prefix" v
        let _property v = text "property" v
        let _resource v = text "resource" v
        let _typeof v = text "typeof" v
        let _vocab v = text "vocab" v
        let _autoCapitalize v = text "autoCapitalize" v
        let _autoCorrect v = text "autoCorrect" v
        let _autoSave v = text "autoSave" v
        let _color v = text "color" v
        let _itemProp v = text "itemProp" v
        let _itemScope v = flag "itemScope" v
        let _itemType v = text "itemType" v
        let _itemID v = text "itemID" v
        let _itemRef v = text "itemRef" v
        let _results v = number "results" v
        let _security v = text "security" v
        let _unselectable v = flag "unselectable" v
        /// Any attribute by name.
        let _custom (name: string, value: obj) : HtmlAttribute = name, value
