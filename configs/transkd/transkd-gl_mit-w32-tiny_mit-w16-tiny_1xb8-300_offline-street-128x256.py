# TransKD-GL: TransKD-Base with the GL-Mixer before PEA on the stage-4 patch embedding.
_base_ = ['./transkd-base_mit-w32-tiny_mit-w16-tiny_1xb8-300_offline-street-128x256.py']

model = dict(distiller=_base_.gl_distiller)
