# TransKD-EA: TransKD-Base with an Embedding Assistant added to PEA at every stage.
_base_ = ['./transkd-base_mit-w32-tiny_mit-w16-tiny_1xb8-300_offline-street-128x256.py']

model = dict(distiller=_base_.ea_distiller)
