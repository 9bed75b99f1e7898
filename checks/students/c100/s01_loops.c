/* ML3 assignment 2, part B: backward pass of the two-layer net.
 * Everything with plain loops, following the notes (section 4.3). */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    const gsl_matrix *probs = cache->prob;
    const gsl_matrix *hidden = cache->p1;
    gsl_matrix *dscores = g->dz2;
    gsl_matrix *dhidden = g->dp1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dscores = (probs - 1[y]) / N */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double p = gsl_matrix_get(probs, i, j);
            if (j == y[i])
                p -= 1.0;
            gsl_matrix_set(dscores, i, j, p / N);
        }
    }

    /* dW2 = hidden^T dscores + 2 reg W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(hidden, i, j) * gsl_matrix_get(dscores, i, k);
            s += 2.0 * reg * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dW2, j, k, s);
        }
    }

    /* db2 = sum of dscores over the samples */
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(dscores, i, k);
        gsl_vector_set(g->db2, k, s);
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

    /* back through the ReLU: only where the unit was on */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(dhidden, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, s + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
