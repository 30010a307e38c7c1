# TransKD-GL (Table II): TransKD-Base plus the GL-Mixer before PEA on the stage-4 embedding.
_base_ = ['./transkd-base_mit-b2_mit-b0_4xb2-160k_cityscapes-1024x1024.py']

model = dict(distiller=_base_.gl_distiller)
