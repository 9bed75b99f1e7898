/*
 * Two-layer net backward pass.  Jonas Berger, group 7.
 *
 * I translated my numpy version line by line:
 *     scores -= scores.max(axis=1, keepdims=True)
 *     ex = np.exp(scores)
 *     probs = ex / ex.sum(axis=..., keepdims=True)
 *     dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 * and kept all temporaries in fixed-size arrays.
 */
#include <math.h>
#include "backprop.h"

#define NMAX 200
#define HMAX 200
#define CMAX 20

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    static double scores[NMAX][CMAX];
    static double ex[NMAX][CMAX];
    static double dscores[NMAX][CMAX];
    static double dhidden[NMAX][HMAX];
    double colsum[CMAX];
    int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
    int i, j, k;

    if (N > NMAX || H > HMAX || C > CMAX)
        return -1;

    /* scores, shifted by the row max */
    for (i = 0; i < N; i++) {
        double mx = gsl_matrix_get(cache->z2, i, 0);
        for (k = 1; k < C; k++)
            if (gsl_matrix_get(cache->z2, i, k) > mx)
                mx = gsl_matrix_get(cache->z2, i, k);
        for (k = 0; k < C; k++)
            scores[i][k] = gsl_matrix_get(cache->z2, i, k) - mx;
    }

    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            ex[i][k] = exp(scores[i][k]);

    /* normalise */
    for (k = 0; k < C; k++) {
        colsum[k] = 0.0;
        for (i = 0; i < N; i++)
            colsum[k] += ex[i][k];
    }
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dscores[i][k] = ex[i][k] / colsum[k];

    for (i = 0; i < N; i++)
        dscores[i][y[i]] -= 1.0;
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            dscores[i][k] /= N;
            gsl_matrix_set(g->dz2, i, k, dscores[i][k]);
        }

    /* W2, b2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * dscores[i][k];
            gsl_matrix_set(g->dW2, j, k, s + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dscores[i][k];
        gsl_vector_set(g->db2, k, s);
    }

    /* hidden */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dscores[i][k] * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
            dhidden[i][j] = gsl_matrix_get(cache->p1, i, j) > 0 ? s : 0.0;
            gsl_matrix_set(g->dz1, i, j, dhidden[i][j]);
        }

    /* W1, b1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, k) * dhidden[i][j];
            gsl_matrix_set(g->dW1, k, j, s + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dhidden[i][j];
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
