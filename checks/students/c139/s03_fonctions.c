/* Projet IA - retropropagation a la main
 * Eleve : Ines Bouchard (groupe TD 2)
 *
 * J'ai ecrit des petites fonctions pour ne pas recopier trois fois
 * le meme produit de matrices. Acces direct a ->data avec le tda.
 */

#include "backprop.h"

/* R = A^T * B   avec A (n x p), B (n x q), R (p x q) */
static void produit_transpose(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *R)
{
    size_t n = A->size1, p = A->size2, q = B->size2;
    size_t a, b, l;

    for (a = 0; a < p; a++)
    {
        for (b = 0; b < q; b++)
        {
            double s = 0.0;
            for (l = 0; l < n; l++)
                s += A->data[l * A->tda + a] * B->data[l * B->tda + b];
            R->data[a * R->tda + b] = s;
        }
    }
}

/* v[j] = somme_i M[i][j] */
static void somme_colonnes(const gsl_matrix *M, gsl_vector *v)
{
    size_t i, j;

    for (j = 0; j < M->size2; j++)
    {
        double s = 0.0;
        for (i = 0; i < M->size1; i++)
            s += M->data[i * M->tda + j];
        gsl_vector_set(v, j, s);
    }
}

/* dW += 2 * reg * W  (derivee de reg * ||W||^2) */
static void ajout_regularisation(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t i, j;

    for (i = 0; i < W->size1; i++)
        for (j = 0; j < W->size2; j++)
            dW->data[i * dW->tda + j] += 2.0 * reg * W->data[i * W->tda + j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* couche de sortie */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double indicatrice = (k == y[i]) ? 1.0 : 0.0;
            g->dz2->data[i * g->dz2->tda + k] =
                (cache->prob->data[i * cache->prob->tda + k] - indicatrice) / (double) N;
        }
    }
    produit_transpose(cache->p1, g->dz2, g->dW2);
    ajout_regularisation(g->dW2, net->W2, reg);
    somme_colonnes(g->dz2, g->db2);

    /* retour vers la couche cachee : dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += g->dz2->data[i * g->dz2->tda + k] * net->W2->data[j * net->W2->tda + k];
            g->dp1->data[i * g->dp1->tda + j] = s;
        }
    }

    /* ReLU : on recopie dp1 et on annule la ou z1 <= 0 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (cache->z1->data[i * cache->z1->tda + j] <= 0.0)
                g->dz1->data[i * g->dz1->tda + j] = 0.0;

    /* couche d'entree */
    produit_transpose(X, g->dz1, g->dW1);
    ajout_regularisation(g->dW1, net->W1, reg);
    somme_colonnes(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
