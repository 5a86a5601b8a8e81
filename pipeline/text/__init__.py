"""Reading text: MeCab tokens through fugashi and UniDic (tokens, tagger, and the dictionary
file read directly, mecab_dic) and damaged page layout (layout)."""
