from .rgbx_data_preprocessor import RGBXDataPreProcessor
from .rgbx_fusion_segmentor import RGBXFusionEncoderDecoder

__all__ = ['RGBXDataPreProcessor', 'RGBXFusionEncoderDecoder']
