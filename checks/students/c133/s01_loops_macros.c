/* Expt 7 : Backpropagation in a two layer neural network
 * Roll No : 21CS1043
 * Batch   : B2
 *
 * As per lab manual, one loop nest per gradient, in backprop order.
 * Shapes: dz2 (N,C) dW2 (H,C) db2 (C) dp1 (N,H) dz1 (N,H) dW1 (D,H) db1 (H)
 */
#include "backprop.h"

#define GET(m, i, j)     gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v)  gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double sum;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* Step 1 : dz2 = (prob - onehot(y)) / N */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double t = GET(cache->prob, i, j);
            if (j == y[i])
                t = t - 1.0;
            SET(g->dz2, i, j, t / N);
        }
    }

    /* Step 2 : dW2 = p1^T dz2 + 2 reg W2 */
    for (i = 0; i < H; i++) {
        for (j = 0; j < C; j++) {
            sum = 0.0;
            for (k = 0; k < N; k++)
                sum += GET(cache->p1, k, i) * GET(g->dz2, k, j);
            SET(g->dW2, i, j, sum + 2.0 * reg * GET(net->W2, i, j));
        }
    }

    /* Step 3 : db2 = sum of dz2 over samples */
    for (j = 0; j < C; j++) {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += GET(g->dz2, i, j);
        gsl_vector_set(g->db2, j, sum);
    }

    /* Step 4 : dp1 = dz2 W2^T */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (k = 0; k < C; k++)
                sum += GET(g->dz2, i, k) * GET(net->W2, j, k);
            SET(g->dp1, i, j, sum);
        }
    }

    /* Step 5 : dz1 = dp1 * relu'(z1) */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (GET(cache->z1, i, j) > 0)
                SET(g->dz1, i, j, GET(g->dp1, i, j));
            else
                SET(g->dz1, i, j, 0.0);
        }
    }

    /* Step 6 : dW1 = X^T dz1 + 2 reg W1 */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (k = 0; k < N; k++)
                sum += GET(X, k, i) * GET(g->dz1, k, j);
            SET(g->dW1, i, j, sum + 2.0 * reg * GET(net->W1, i, j));
        }
    }

    /* Step 7 : db1 = sum of dz1 over samples */
    for (j = 0; j < H; j++) {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += GET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
