/* backward.c
 * Port of my numpy version (which passed the notebook check) to C.
 * numpy line by line:
 *   dscores = probs / N
 *   dscores[range(N), y] -= 1
 *   grads['W2'] = hidden.T.dot(dscores) + 2*reg*W2
 *   ...
 */
#include "backprop.h"

#define AT(m,i,j) ((m)->data[(i)*(m)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;

    if (X->size2 != D || cache->N != N)
        return 1;

    /* dscores = probs / N */
    i = 0;
    while (i < N) {
        for (j = 0; j < C; j++)
            AT (g->dz2, i, j) = AT (cache->prob, i, j) / N;
        i++;
    }
    /* dscores[range(N), y] -= 1 */
    i = 0;
    while (i < N) {
        AT (g->dz2, i, y[i]) -= 1.0;
        i++;
    }

    /* grads['W2'] = hidden.T.dot(dscores) + 2*reg*W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += AT (cache->p1, i, j) * AT (g->dz2, i, k);
            AT (g->dW2, j, k) = s + 2 * reg * AT (net->W2, j, k);
        }

    /* grads['b2'] = np.sum(dscores, axis=0) */
    for (k = 0; k < C; k++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += AT (g->dz2, i, k);
        g->db2->data[k] = s;
    }

    /* dhidden = dscores.dot(W2.T) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < C; k++)
                s += AT (g->dz2, i, k) * AT (net->W2, j, k);
            AT (g->dp1, i, j) = s;
        }

    /* dhidden[hidden_in <= 0] = 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            AT (g->dz1, i, j) = AT (cache->z1, i, j) <= 0 ? 0.0 : AT (g->dp1, i, j);

    /* grads['W1'] = X.T.dot(dhidden) + 2*reg*W1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += AT (X, i, k) * AT (g->dz1, i, j);
            AT (g->dW1, k, j) = s + 2 * reg * AT (net->W1, k, j);
        }

    /* grads['b1'] = np.sum(dhidden, axis=0) */
    for (j = 0; j < H; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += AT (g->dz1, i, j);
        g->db1->data[j] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
