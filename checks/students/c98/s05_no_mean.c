/* backward.c
 * Lab 4 - backprop for the 2-layer network
 *
 * softmax + cross entropy: dL/dscores = probs - 1 at the correct class.
 */
#include "backprop.h"

#define AT(m,i,j) ((m)->data[(i)*(m)->tda+(j)])
#define VAT(v,i) ((v)->data[(i)*(v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dscores = probs; dscores[i][y_i] -= 1 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            AT(g->dz2, i, k) = AT(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0);

    /* dW2 = hidden^T dscores + 2*reg*W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double sum = 0;
            for (i = 0; i < N; i++)
                sum += AT(cache->p1, i, j) * AT(g->dz2, i, k);
            AT(g->dW2, j, k) = sum + 2 * reg * AT(net->W2, j, k);
        }
    }

    /* db2 */
    for (k = 0; k < C; k++) {
        double sum = 0;
        for (i = 0; i < N; i++)
            sum += AT(g->dz2, i, k);
        VAT(g->db2, k) = sum;
    }

    /* dhidden = dscores W2^T */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double sum = 0;
            for (k = 0; k < C; k++)
                sum += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = sum;
        }
    }

    /* back through relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            AT(g->dz1, i, j) = AT(cache->z1, i, j) > 0 ? AT(g->dp1, i, j) : 0;

    /* dW1 = X^T dhidden + 2*reg*W1 */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            double sum = 0;
            for (i = 0; i < N; i++)
                sum += AT(X, i, k) * AT(g->dz1, i, j);
            AT(g->dW1, k, j) = sum + 2 * reg * AT(net->W1, k, j);
        }
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        double sum = 0;
        for (i = 0; i < N; i++)
            sum += AT(g->dz1, i, j);
        VAT(g->db1, j) = sum;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
