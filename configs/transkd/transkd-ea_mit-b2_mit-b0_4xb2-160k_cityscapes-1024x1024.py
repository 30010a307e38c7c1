# TransKD-EA (Table II): TransKD-Base plus an Embedding Assistant added to PEA at every stage.
_base_ = ['./transkd-base_mit-b2_mit-b0_4xb2-160k_cityscapes-1024x1024.py']

model = dict(distiller=_base_.ea_distiller)
