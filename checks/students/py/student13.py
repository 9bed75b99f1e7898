import numpy as np


class TwoLayerNet(object):
    """
    Softmax two-layer net.  The loss is the total over the minibatch (no
    averaging) plus 0.5 * reg * (||W1||^2 + ||W2||^2).
    """

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N, D = X.shape
        C = W2.shape[1]

        z1 = np.dot(X, W1) + b1
        hidden = np.maximum(z1, 0)
        scores = np.dot(hidden, W2) + b2
        if y is None:
            return scores

        Y = np.eye(C)[y]
        m = np.max(scores, axis=1, keepdims=True)
        logZ = m + np.log(np.sum(np.exp(scores - m), axis=1, keepdims=True))
        loss = np.sum(logZ) - np.sum(Y * scores)
        loss += 0.5 * reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))

        dscores = np.exp(scores - logZ) - Y
        dW2 = np.dot(hidden.T, dscores) + reg * W2
        db2 = np.sum(dscores, axis=0)
        dhidden = np.dot(dscores, W2.T)
        dz1 = dhidden * (z1 > 0)
        dW1 = np.dot(X.T, dhidden) + reg * W1
        db1 = np.sum(dz1, axis=0)

        grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
