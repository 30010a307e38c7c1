# TransKD-GL (Table II): TransKD-Base plus the GL-Mixer before PEA on the stage-4 embedding.
_base_ = ['./transkd-base_mit-b2_mit-b0_1xb2-597k_nyuv2-480x640.py']

model = dict(distiller=_base_.gl_distiller)
