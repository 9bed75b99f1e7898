/* Deep Learning, assignment 2: backward pass of the two-layer net.
 * Plain loops, everything with gsl_matrix_get / gsl_matrix_set. */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    gsl_matrix *dscores = g->dz2;
    gsl_matrix *dhidden = g->dp1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dscores = (probs - one_hot) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double p = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                p -= 1.0;
            gsl_matrix_set(dscores, i, k, p / N);
        }
    }

    /* start the weight gradients at the regularisation term */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, 2 * reg * gsl_matrix_get(net->W2, j, k));
    for (k = 0; k < C; k++)
        gsl_vector_set(g->db2, k, 0.0);

    /* dW2 += p1^T dscores, db2 in the same loop */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double d = gsl_matrix_get(dscores, i, k);
            for (j = 0; j < H; j++)
                gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k)
                               + gsl_matrix_get(cache->p1, i, j) * d);
            gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + d);
        }
    }

    /* dhidden = dscores W2^T */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(dscores, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(dhidden, i, j, s);
        }
    }

    /* relu: hidden > 0 is the same as z1 > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->p1, i, j) > 0.0 ? gsl_matrix_get(dhidden, i, j) : 0.0);

    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, 2 * reg * gsl_matrix_get(net->W1, i, j));
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, 0.0);

    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double d = gsl_matrix_get(g->dz1, i, j);
            if (d == 0.0)
                continue;
            for (k = 0; k < D; k++)
                gsl_matrix_set(g->dW1, k, j, gsl_matrix_get(g->dW1, k, j)
                               + gsl_matrix_get(X, i, k) * d);
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + d);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
