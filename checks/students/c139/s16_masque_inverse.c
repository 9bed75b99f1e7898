/* TP Reseaux de neurones, seance 3
 * Binome : Alice Perret / Karim Saidi
 *
 * Passe arriere. Les produits sont faits a la main dans des boucles.
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    double somme;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dL/dz2 */
    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++) {
            double delta = (c == y[n]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, n, c, (gsl_matrix_get(cache->prob, n, c) - delta) / N);
        }
    }

    /* dL/dW2 et dL/db2 */
    for (c = 0; c < C; c++) {
        for (h = 0; h < H; h++) {
            somme = 2.0 * reg * gsl_matrix_get(net->W2, h, c);
            for (n = 0; n < N; n++)
                somme += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            gsl_matrix_set(g->dW2, h, c, somme);
        }
        somme = 0.0;
        for (n = 0; n < N; n++)
            somme += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, somme);
    }

    /* dL/dp1 = dz2 . W2^T */
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            somme = 0.0;
            for (c = 0; c < C; c++)
                somme += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, somme);
        }
    }

    /* dL/dz1 : on recopie dp1 et on met a zero les neurones eteints */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            if (gsl_matrix_get(cache->z1, n, h) > 0)
                gsl_matrix_set(g->dz1, n, h, 0.0);

    /* dL/dW1 et dL/db1 */
    for (h = 0; h < H; h++) {
        for (d = 0; d < D; d++) {
            somme = 2.0 * reg * gsl_matrix_get(net->W1, d, h);
            for (n = 0; n < N; n++)
                somme += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, somme);
        }
        somme = 0.0;
        for (n = 0; n < N; n++)
            somme += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, somme);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
