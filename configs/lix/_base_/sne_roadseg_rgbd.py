# SNE-RoadSeg-like RGB-D teacher: duplex ResNet-152 encoders (116.3 M), depth summed into the
# RGB stream after the stem and every stage (intermediate fusion).
_base_ = ['sne_roadseg_rgb.py']
model = dict(type='RGBXFusionEncoderDecoder', fusion='intermediate',
             x_backbone=dict(_base_.model.backbone, in_channels=1))
