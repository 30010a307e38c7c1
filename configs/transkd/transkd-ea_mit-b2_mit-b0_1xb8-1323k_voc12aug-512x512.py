# TransKD-EA (Table II): TransKD-Base plus an Embedding Assistant added to PEA at every stage.
_base_ = ['./transkd-base_mit-b2_mit-b0_1xb8-1323k_voc12aug-512x512.py']

model = dict(distiller=_base_.ea_distiller)
