# TransKD-GL (Table II): TransKD-Base plus the GL-Mixer before PEA on the stage-4 embedding.
_base_ = ['./transkd-base_mit-b2_mit-b0_1xb8-1323k_voc12aug-512x512.py']

model = dict(distiller=_base_.gl_distiller)
