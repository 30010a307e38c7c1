# MFNet-like RGB-D teacher: RGB stream at width 16 plus a thinner depth stream (width 8), as
# MFNet's RGB / thermal encoders; per-level concatenation for the decoder (late fusion).
_base_ = ['mfnet_rgb.py']
model = dict(
    type='RGBXFusionEncoderDecoder', fusion='late',
    x_backbone=dict(_base_.model.backbone, in_channels=1, stem_channels=8, base_channels=8),
    decode_head=dict(in_channels=[24, 48, 96, 192]))
